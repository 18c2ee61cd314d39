# Runs `doudi run POLICY HOUSEHOLDS [--people PEOPLE] --date 2020-08-01
# --format csv -o OUT` and compares OUT with EXPECTED byte for byte.
set(people_args "")
if(DEFINED PEOPLE)
  set(people_args --people ${PEOPLE})
endif()
execute_process(
  COMMAND ${DOUDI} run ${POLICY} ${HOUSEHOLDS} ${people_args} --date 2020-08-01 --format csv -o ${OUT}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "doudi run exited with ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${EXPECTED} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "${OUT} differs from ${EXPECTED}")
endif()
