# find_package(doudi): the imported target doudi::doudi (libdoudi and the
# headers under include/doudi/: the C++ API doudi/policy.h, the C API doudi/doudi.h).
include("${CMAKE_CURRENT_LIST_DIR}/doudiTargets.cmake")
