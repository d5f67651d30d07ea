# Declarative build helpers (after Abseil's absl_cc_library):
#   warden_cc_library(NAME x SRCS a.cc b.cc DEPS y z)   -> static library warden_x
#   warden_cc_test(NAME x_test SRCS x_test.cc DEPS y)    -> GoogleTest binary registered with ctest
#   warden_cc_binary(NAME x SRCS main.cc DEPS y)
function(warden_cc_library)
  cmake_parse_arguments(W "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(warden_${W_NAME} STATIC ${W_SRCS})
  target_link_libraries(warden_${W_NAME} PUBLIC ${W_DEPS})
  target_compile_options(warden_${W_NAME} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()

function(warden_cc_test)
  cmake_parse_arguments(W "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${W_NAME} ${W_SRCS})
  target_link_libraries(${W_NAME} PRIVATE ${W_DEPS} GTest::gtest_main GTest::gmock)
  add_test(NAME ${W_NAME} COMMAND ${W_NAME} --gtest_brief=1)
endfunction()

function(warden_cc_binary)
  cmake_parse_arguments(W "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${W_NAME} ${W_SRCS})
  target_link_libraries(${W_NAME} PRIVATE ${W_DEPS})
  target_compile_options(${W_NAME} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
