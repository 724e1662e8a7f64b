# Checks a program's command-line contract (run as a CTest test, NAME.cli):
#   --help exits 0 and says something on stdout;
#   every bad argument set (BAD, '|'-separated, plus an unknown flag) exits 2 with exactly
#   one line on stderr and nothing on stdout.
# An MPI program is started through the launcher (LAUNCH: "wb_mpiexec|RANKS"), so the whole
# job must answer with one line: rank 0 speaks, every rank exits 2. Each BAD_RANKS count
# ('|'-separated: a ring of 1 rank) must be refused the same way, with no arguments.
# Inputs: PROGRAM, BAD, LAUNCH, LAUNCHER, BAD_RANKS.
string(REPLACE "|" ";" launch "${LAUNCH}")
function(run_program)
  execute_process(COMMAND ${launch} ${PROGRAM} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
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
# Once, not once per rank.
string(REGEX MATCHALL "Usage:" usages "${out}")
list(LENGTH usages usage_count)
if(NOT usage_count EQUAL 1)
  string(APPEND problems "  --help: printed the usage ${usage_count} times, expected once\n")
endif()

string(REPLACE "|" ";" bad_sets "${BAD}")
list(APPEND bad_sets "--frobnicate")
string(REPLACE "|" ";" bad_ranks "${BAD_RANKS}")
foreach(ranks IN LISTS bad_ranks)
  list(APPEND bad_sets "ranks=${ranks}")  # a run line of no arguments (tools/grader/runs.hpp)
endforeach()
foreach(set IN LISTS bad_sets)
  if(set MATCHES "^ranks=([0-9]+)$")
    set(launch ${LAUNCHER} ${CMAKE_MATCH_1})
    set(args "")
  else()
    string(REPLACE "|" ";" launch "${LAUNCH}")
    separate_arguments(args UNIX_COMMAND "${set}")
  endif()
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
