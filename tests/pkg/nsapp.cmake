# SPDX-License-Identifier: Apache-2.0
# The out-of-tree NS program's own build (copied as CMakeLists.txt by
# tests/pkg/test_install.py): find_package(cai) and its cai::client target.
cmake_minimum_required(VERSION 3.20)
project(nsapp C)
find_package(cai 0.1 REQUIRED)
add_executable(nsapp nsapp.c)
target_link_libraries(nsapp PRIVATE cai::client)
