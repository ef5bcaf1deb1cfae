// SPDX-License-Identifier: GPL-3.0-or-later
// A small command-line parser: positional arguments plus --name VALUE and
// --flag options, with typed getters that report mistakes as usage errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

/// A mistake in how the command was called (exit code 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// --help or -h given to a command: the usage is printed and the command
/// exits 0, whatever else was on the line.
struct HelpRequested {};

/// The one way a number enters from the command line: all of `value`, finite
/// as a float (the engine's type); throws UsageError naming --`name`.
double parseNumber(const std::string& name, const std::string& value);

class Arguments {
public:
    /// `valued` options take a value (--size 512 or --size=512); `flags` take none.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
              const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return mPositional; }
    bool has(const std::string& name) const;
    std::optional<std::string> text(const std::string& name) const;
    std::string text(const std::string& name, const std::string& fallback) const;
    /// Every value of an option that may be given more than once (--region), in order; text() gives the last.
    std::vector<std::string> texts(const std::string& name) const;
    int integer(const std::string& name, int fallback, int min, int max) const;
    double number(const std::string& name, double fallback, double min, double max) const;
    /// A whole number from 0 to `max`, e.g. --seed (1.5 is refused).
    std::uint64_t whole(const std::string& name, std::uint64_t fallback, std::uint64_t max) const;
    /// Comma-separated numbers, e.g. --style-weights 0.7,0.3.
    std::vector<double> numbers(const std::string& name) const;
    /// One of `choices`, e.g. --optimizer lbfgs|adam.
    std::string choice(const std::string& name, const std::vector<std::string>& choices) const;

private:
    std::vector<std::string> mPositional;
    std::map<std::string, std::string> mValues;
    std::map<std::string, std::vector<std::string>> mEvery;
};

} // namespace cli
