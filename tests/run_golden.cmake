# reports/ must be exactly what `scripts/regen-reports` would write now.
foreach(format md json html sarif csv claimreview-draft)
  execute_process(COMMAND ${CLAIMCHECK} check claims --rules rules --suppressions reviews/suppressions.yaml --no-history --format ${format}
                  WORKING_DIRECTORY ${ROOT}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
  if(NOT (code STREQUAL "0" OR code STREQUAL "1"))
    message(FATAL_ERROR "claimcheck failed on claims/ (exit ${code}):\n${err}")
  endif()
  file(READ ${ROOT}/reports/seeds.${format} expected)
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "reports/seeds.${format} is out of date: run scripts/regen-reports and review the diff")
  endif()
endforeach()
