# Checks a program's command-line contract (run as a CTest test, NAME.cli):
#   --help exits 0 and says something on stdout;
#   every bad argument set (BAD, '|'-separated, plus an unknown flag) exits 2 with exactly
#   one line on stderr and nothing on stdout.
# Inputs: PROGRAM, BAD.
function(run_program)
  execute_process(COMMAND ${PROGRAM} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 20)
  set(rc "${rc}" PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

set(problems "")
run_program(--help)
if(NOT rc EQUAL 0 OR out STREQUAL "")
  string(APPEND problems "  --help: exit code ${rc}, ${out}${err}\n")
endif()

string(REPLACE "|" ";" bad_sets "${BAD}")
list(APPEND bad_sets "--frobnicate")
foreach(set IN LISTS bad_sets)
  separate_arguments(args UNIX_COMMAND "${set}")
  run_program(${args})
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  if(NOT rc EQUAL 2)
    string(APPEND problems "  '${set}': exit code ${rc}, expected 2\n")
  endif()
  if(NOT lines EQUAL 1)
    string(APPEND problems "  '${set}': ${lines} lines on stderr, expected one:\n${err}\n")
  endif()
  if(NOT out STREQUAL "")
    string(APPEND problems "  '${set}': printed on stdout before refusing:\n${out}\n")
  endif()
  if(lines EQUAL 1 AND rc EQUAL 2)
    string(STRIP "${err}" err)
    message(STATUS "'${set}' -> exit 2: ${err}")
  endif()
endforeach()

if(problems)
  message(FATAL_ERROR "${PROGRAM}:\n${problems}")
endif()
