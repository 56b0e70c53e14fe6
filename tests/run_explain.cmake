# `claimcheck explain` on the shipped claim sets: exact output for one fingerprint.
file(READ ${DIR}/${NAME}.args args)
string(STRIP "${args}" args)
execute_process(COMMAND ${CLAIMCHECK} explain ${args} claims --rules rules
                WORKING_DIRECTORY ${ROOT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code STREQUAL "0")
  message(FATAL_ERROR "${NAME}: exit ${code}\n${err}")
endif()
file(READ ${DIR}/${NAME}.expected expected)
if(NOT out STREQUAL expected)
  file(WRITE ${DIR}/${NAME}.actual "${out}")
  message(FATAL_ERROR "${NAME}: output differs: diff ${DIR}/${NAME}.expected ${DIR}/${NAME}.actual")
endif()
