# The golden test of the course's linear algebra practice (run as a CTest test):
#   the first six lines the program prints, A and inv(A), must be the notes' printed
#   numpy output character for character (SEED, copied from the notes, not from a program);
#   the last three, A * inv(A), must have numpy's exponent layout, 1.00000000e+00 on the
#   diagonal and every other entry below 1e-15 in magnitude. Their digits are round-off,
#   which differs between LAPACK builds and Eigen, so they are not compared.
# Inputs: COMMAND (the program, '|'-separated with its arguments), SEED (seed_output.txt).
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${COMMAND} failed (${rc}):\n${err}")
endif()
# Numbered variables, not CMake lists: a list does not split at a ';' inside [ ].
function(split_lines text prefix)
  set(count 0)
  while(NOT text STREQUAL "")
    string(FIND "${text}" "\n" at)
    if(at EQUAL -1)
      set(line "${text}")
      set(text "")
    else()
      string(SUBSTRING "${text}" 0 ${at} line)
      math(EXPR next "${at} + 1")
      string(SUBSTRING "${text}" ${next} -1 text)
    endif()
    set(${prefix}_${count} "${line}" PARENT_SCOPE)
    math(EXPR count "${count} + 1")
  endwhile()
  set(${prefix}_count ${count} PARENT_SCOPE)
endfunction()
file(READ ${SEED} seed_text)
split_lines("${seed_text}" seed)
split_lines("${out}" got)
if(NOT got_count EQUAL 9)
  message(FATAL_ERROR "expected 9 lines (A, inv(A), A * inv(A)), got ${got_count}:\n${out}")
endif()

set(problems "")
foreach(i RANGE 0 5)
  set(want "${seed_${i}}")
  set(got "${got_${i}}")
  if(NOT got STREQUAL want)
    string(APPEND problems "  line ${i}: the notes show '${want}'\n          the program prints '${got}'\n")
  endif()
endforeach()

# One entry in numpy's exponent format: sign or space, 1 digit, 8 decimals, 2-digit exponent.
set(one "[ ]1\\.00000000e\\+00")
set(tiny "([ -][1-9]\\.[0-9]+e-(1[6-9]|[2-9][0-9]|[1-9][0-9][0-9])|[ -]0\\.00000000e\\+00)")
set(row0 "^\\[\\[${one} ${tiny} ${tiny}\\]$")
set(row1 "^ \\[${tiny} ${one} ${tiny}\\]$")
set(row2 "^ \\[${tiny} ${tiny} ${one}\\]\\]$")
foreach(i 6 7 8)
  math(EXPR k "${i} - 6")
  set(got "${got_${i}}")
  if(NOT got MATCHES "${row${k}}")
    string(APPEND problems "  line ${i}: '${got}' is not numpy's exponent layout with 1.00000000e+00 on the diagonal "
                           "and |entries| < 1e-15 elsewhere\n")
  endif()
  # Every number has 8 decimals: the width numpy gives a column of exponent-format numbers.
  string(REGEX MATCHALL "[0-9]\\.[0-9]+e" mantissas "${got}")
  foreach(m IN LISTS mantissas)
    if(NOT m MATCHES "^[0-9]\\.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]e$")
      string(APPEND problems "  line ${i}: '${m}' does not have numpy's 8 decimals\n")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "${COMMAND}:\n${problems}\nthe whole output:\n${out}")
endif()
message(STATUS "A and inv(A) as the notes print them; A * inv(A) in numpy's layout, off-diagonal below 1e-15")
