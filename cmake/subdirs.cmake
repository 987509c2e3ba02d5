# SPDX-License-Identifier: Apache-2.0
# cai_add_subdirs(): add every direct subfolder (and every second-level one)
# of the current folder that has a CMakeLists.txt, in name order, so that
# tests/ and bench/ pick up each part's suite without a central list.
function(cai_add_subdirs)
  file(GLOB _lists RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*/CMakeLists.txt
       ${CMAKE_CURRENT_SOURCE_DIR}/*/*/CMakeLists.txt)
  list(SORT _lists)
  foreach(_l IN LISTS _lists)
    get_filename_component(_d ${_l} DIRECTORY)
    # A folder whose parent is already added manages its own children.
    get_filename_component(_parent ${_d} DIRECTORY)
    if(_parent AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_parent}/CMakeLists.txt)
      continue()
    endif()
    add_subdirectory(${_d})
  endforeach()
endfunction()
