# Checks one exercise's files (run as a CTest test in the ci preset):
#   the solution carries no TODO( marker; the stub carries a TODO(NN) hole;
#   hints.md has a "## NAME" section in the levelled format (wb_hint --check: "If you see"
#   lines, at least two levels, the code last); there are >= 2 mutants and >= 1 alternative.
# Inputs: NAME, NN, HINTS, HINT_TOOL, MUTANTS, ALTERNATIVES, STUBS and SOLUTIONS ('|'-separated).
string(REPLACE "|" ";" stubs "${STUBS}")
string(REPLACE "|" ";" solutions "${SOLUTIONS}")
set(problems "")

foreach(file IN LISTS solutions)
  file(READ ${file} text)
  if(text MATCHES "TODO\\(")
    string(APPEND problems "  ${file} still carries a TODO( marker\n")
  endif()
endforeach()

set(has_hole OFF)
foreach(file IN LISTS stubs)
  file(READ ${file} text)
  if(text MATCHES "TODO\\(${NN}\\)")
    set(has_hole ON)
  endif()
endforeach()
if(NOT has_hole)
  string(APPEND problems "  the stub (${STUBS}) has no TODO(${NN}) hole\n")
endif()

if(NOT EXISTS ${HINTS})
  string(APPEND problems "  ${HINTS} is missing\n")
else()
  file(STRINGS ${HINTS} section REGEX "^## ${NAME}$")
  if(NOT section)
    string(APPEND problems "  ${HINTS} has no '## ${NAME}' section\n")
  else()
    execute_process(COMMAND ${HINT_TOOL} --hints ${HINTS} --exercise ${NAME} --check
                    RESULT_VARIABLE hint_status ERROR_VARIABLE hint_error OUTPUT_QUIET)
    if(NOT hint_status EQUAL 0)
      string(APPEND problems "${hint_error}")
    endif()
  endif()
endif()

if(MUTANTS LESS 2)
  string(APPEND problems "  only ${MUTANTS} mutant(s) in tests/mutants/ (at least 2: the grader must be shown to fail)\n")
endif()
if(ALTERNATIVES LESS 1)
  string(APPEND problems "  no alternative in tests/alternatives/ (at least 1: the grader must accept other correct answers)\n")
endif()

if(problems)
  message(FATAL_ERROR "exercise ${NAME}:\n${problems}")
endif()
message(STATUS "exercise ${NAME}: solution complete, stub has its hole, hint present, ${MUTANTS} mutants, ${ALTERNATIVES} alternatives")
