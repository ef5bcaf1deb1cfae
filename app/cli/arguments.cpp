// SPDX-License-Identifier: GPL-3.0-or-later
#include "arguments.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace cli {

double parseNumber(const std::string& name, const std::string& value)
{
    std::size_t used = 0;
    double result = 0;
    try {
        result = std::stod(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    // The engine keeps floats: 1e39 is a finite double but an infinite float.
    if (used == 0 || used != value.size() || !std::isfinite(result) ||
        std::fabs(result) > double(std::numeric_limits<float>::max()))
        throw UsageError("--" + name + " needs a finite number, not \"" + value + "\"");
    return result;
}

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h")
            throw HelpRequested{};
        if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            mPositional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (const auto equals = name.find('='); equals != std::string::npos) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (flags.count(name)) {
            if (value)
                throw UsageError("--" + name + " takes no value");
            mValues[name] = "";
        } else if (valued.count(name)) {
            if (!value) {
                // "--name --description X" forgot the name; taking "--description"
                // as it would go on silently with the wrong value. A value that
                // does start with "--" can be given as --name=--value.
                if (i + 1 >= args.size() || (args[i + 1].size() > 2 && args[i + 1].compare(0, 2, "--") == 0))
                    throw UsageError("--" + name + " needs a value");
                value = args[++i];
            }
            mValues[name] = *value;
            mEvery[name].push_back(*value);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

bool Arguments::has(const std::string& name) const
{
    return mValues.count(name) > 0;
}

std::vector<std::string> Arguments::texts(const std::string& name) const
{
    const auto found = mEvery.find(name);
    return found == mEvery.end() ? std::vector<std::string>{} : found->second;
}

std::optional<std::string> Arguments::text(const std::string& name) const
{
    const auto found = mValues.find(name);
    if (found == mValues.end())
        return std::nullopt;
    return found->second;
}

std::string Arguments::text(const std::string& name, const std::string& fallback) const
{
    return text(name).value_or(fallback);
}

int Arguments::integer(const std::string& name, int fallback, int min, int max) const
{
    const auto value = text(name);
    if (!value)
        return fallback;
    const double number = parseNumber(name, *value);
    if (number != std::floor(number) || number < min || number > max)
        throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    return int(number);
}

double Arguments::number(const std::string& name, double fallback, double min, double max) const
{
    const auto value = text(name);
    if (!value)
        return fallback;
    const double number = parseNumber(name, *value);
    if (number < min || number > max) {
        std::ostringstream message;
        message << "--" << name << " must be between " << min << " and " << max;
        throw UsageError(message.str());
    }
    return number;
}

std::uint64_t Arguments::whole(const std::string& name, std::uint64_t fallback, std::uint64_t max) const
{
    const auto value = text(name);
    if (!value)
        return fallback;
    const double number = parseNumber(name, *value);
    if (number != std::floor(number) || number < 0 || number > double(max))
        throw UsageError("--" + name + " must be a whole number from 0 to " + std::to_string(max) + ", not \"" +
                         *value + "\"");
    return std::uint64_t(number);
}

std::vector<double> Arguments::numbers(const std::string& name) const
{
    std::vector<double> result;
    const auto value = text(name);
    if (!value)
        return result;
    std::stringstream stream(*value);
    std::string item;
    while (std::getline(stream, item, ','))
        result.push_back(parseNumber(name, item));
    return result;
}

std::string Arguments::choice(const std::string& name, const std::vector<std::string>& choices) const
{
    const auto value = text(name);
    if (!value)
        return choices.front();
    for (const std::string& c : choices)
        if (*value == c)
            return c;
    std::string list;
    for (const std::string& c : choices)
        list += (list.empty() ? "" : "|") + c;
    throw UsageError("--" + name + " must be one of " + list + ", not \"" + *value + "\"");
}

} // namespace cli
