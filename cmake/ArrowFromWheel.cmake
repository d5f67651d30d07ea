# Arrow C++ comes from the pinned pyarrow wheel in .venv (DESIGN §10): its headers, its shared
# libraries, and an RPATH so that our binaries run without LD_LIBRARY_PATH.
set(WARDEN_PYTHON "${CMAKE_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH "Python with pyarrow")
execute_process(
  COMMAND ${WARDEN_PYTHON} -c
    "import pyarrow as pa; print(pa.get_include()); print(pa.get_library_dirs()[0]); print(pa.__version__)"
  WORKING_DIRECTORY /
  OUTPUT_VARIABLE _pyarrow_out
  RESULT_VARIABLE _pyarrow_rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _pyarrow_rc EQUAL 0)
  message(FATAL_ERROR "pyarrow not importable from ${WARDEN_PYTHON}; run scripts/install.sh")
endif()
string(REPLACE "\n" ";" _pyarrow_out "${_pyarrow_out}")
list(GET _pyarrow_out 0 ARROW_INCLUDE_DIR)
list(GET _pyarrow_out 1 ARROW_LIBRARY_DIR)
list(GET _pyarrow_out 2 ARROW_VERSION)
message(STATUS "Arrow ${ARROW_VERSION} from ${ARROW_LIBRARY_DIR}")

set(CMAKE_BUILD_RPATH "${ARROW_LIBRARY_DIR}")
set(CMAKE_INSTALL_RPATH "${ARROW_LIBRARY_DIR}")

foreach(_lib arrow arrow_compute arrow_dataset arrow_acero arrow_flight arrow_s3 parquet)
  if(NOT EXISTS "${ARROW_LIBRARY_DIR}/lib${_lib}.so")
    message(FATAL_ERROR "lib${_lib}.so missing in ${ARROW_LIBRARY_DIR}: "
                        "run pyarrow.create_library_symlinks() (scripts/install.sh does)")
  endif()
  add_library(Arrow::${_lib} SHARED IMPORTED)
  set_target_properties(Arrow::${_lib} PROPERTIES
    IMPORTED_LOCATION "${ARROW_LIBRARY_DIR}/lib${_lib}.so"
    INTERFACE_INCLUDE_DIRECTORIES "${ARROW_INCLUDE_DIR}")
endforeach()
