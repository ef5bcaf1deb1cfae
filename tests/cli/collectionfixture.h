// SPDX-License-Identifier: GPL-3.0-or-later
// What the collection input tests share: tiny pictures, plans written as
// JSON, hostile files (FIFOs, links) and a way to tell that a file stayed
// as it was.
#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

namespace collectionfixture {

/// A folder of its own under the test's scratch folder, made empty.
QString freshFolder(const QString& name);

void writeFile(const QString& path, const QByteArray& bytes);
QByteArray readFile(const QString& path);
/// A file's bytes, a folder's entries, a link's target, or "(absent)".
QByteArray snapshot(const QString& path);
void makeFifo(const QString& path);

/// A 32x24 photo and a 32x32 painting, written once per test process.
QString photo();
QString painting();

/// A piece painted by the built-in instant networks at 32 px.
nlohmann::json instantPiece(const std::string& id, const QString& photo, const QString& painting,
                            const nlohmann::json& settings = nlohmann::json::object());
/// A plan listing `pieces` (method "instant").
QString writePlan(const QString& path, const nlohmann::json& pieces, const nlohmann::json& extra = nlohmann::json::object());

} // namespace collectionfixture
