// SPDX-License-Identifier: GPL-3.0-or-later
// Build step: copies a man page, putting each run setting's entry (from the
// settings table) where a line `.\" run settings: GROUP` stands.
#include "brushwork/settingdocs.h"

#include <fstream>
#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: brushwork-settings-man IN.1 OUT.1\n";
        return 2;
    }
    using brushwork::SettingGroup;
    const std::map<std::string, SettingGroup> groups = {{"output", SettingGroup::Output},
                                                        {"picture", SettingGroup::Picture},
                                                        {"instant", SettingGroup::Instant},
                                                        {"engine", SettingGroup::Engine}};
    const std::string marker = ".\\\" run settings: ";
    std::ifstream in(argv[1]);
    std::ofstream out(argv[2]);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(marker, 0) != 0) {
            out << line << "\n";
            continue;
        }
        const auto group = groups.find(line.substr(marker.size()));
        if (group == groups.end()) {
            std::cerr << argv[1] << ": no settings group \"" << line.substr(marker.size()) << "\"\n";
            return 1;
        }
        out << brushwork::settingManEntries(group->second);
    }
    if (!in.eof() || !out) {
        std::cerr << "could not turn " << argv[1] << " into " << argv[2] << "\n";
        return 1;
    }
    return 0;
}
