# knl_map must print the same map every time, without a crash, and take nothing from the
# environment into a shell (issue 11: it once ran Open MPI's simulator, which crashed now
# and then, through a shell command holding TMPDIR unquoted).
#
#   cmake -DPROGRAM=bin/12_cluster.knl_map -DMODE=repeat -DWORK=folder -P knl_map_test.cmake
#   MODE=repeat: 50 runs, each exits 0, says nothing on stderr and prints what the first
#                printed; the temp folder it is given stays empty.
#   MODE=tmpdir: TMPDIR holds a shell command (`;touch FILE;`), once as a folder that exists
#                and once as one that does not: the program works, FILE never appears.
cmake_minimum_required(VERSION 3.25)

foreach(var PROGRAM MODE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "knl_map_test: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# Runs the program once: its stdout in `out`, and "" in `failure` when it exited 0 with an
# empty stderr, else what went wrong.
function(run_once out failure)
  execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr
                  TIMEOUT 20)
  set(${failure} "" PARENT_SCOPE)
  if(NOT code STREQUAL "0" OR NOT stderr STREQUAL "")
    set(${failure} "knl_map (TMPDIR=$ENV{TMPDIR}) ended with '${code}', stderr:\n${stderr}" PARENT_SCOPE)
  endif()
  set(${out} "${stdout}" PARENT_SCOPE)
endfunction()

# Fails the test with `failure` unless it is empty.
function(check failure)
  if(NOT failure STREQUAL "")
    message(FATAL_ERROR "${failure}")
  endif()
endfunction()

if(MODE STREQUAL "repeat")
  set(ENV{TMPDIR} "${WORK}/tmp")
  file(MAKE_DIRECTORY "$ENV{TMPDIR}")
  run_once(first failure)
  check("${failure}")
  if(NOT first MATCHES "rank   7  [.]+#################\n")
    message(FATAL_ERROR "knl_map printed no map:\n${first}")
  endif()
  foreach(i RANGE 2 50)
    run_once(again failure)
    check("${failure}")
    if(NOT again STREQUAL first)
      message(FATAL_ERROR "run ${i} printed another map than run 1:\n--- run 1\n${first}--- run ${i}\n${again}")
    endif()
  endforeach()
  file(GLOB left "$ENV{TMPDIR}/*")
  if(left)
    message(FATAL_ERROR "knl_map left files in its temp folder: ${left}")
  endif()
  message(STATUS "50 runs, all exit 0 with the same map, no temp files")
elseif(MODE STREQUAL "tmpdir")
  # A folder of the test's own, with the command in its name, that exists (a program that
  # checks its temp folder first would go on and use it).
  set(marker "${WORK}/knl_pwned")
  set(ENV{TMPDIR} "${WORK}/;touch ${marker};")
  file(MAKE_DIRECTORY "$ENV{TMPDIR}")
  run_once(ignored failure)
  if(EXISTS "${marker}")
    message(FATAL_ERROR "TMPDIR='$ENV{TMPDIR}' ran a shell command: ${marker} appeared")
  endif()
  check("${failure}")
  # The probe's own value (issue 11), a folder that does not exist. /tmp/knl_pwned is shared:
  # only a file that was not there before counts.
  set(marker /tmp/knl_pwned)
  set(was_there FALSE)
  if(EXISTS ${marker})
    set(was_there TRUE)
  endif()
  set(ENV{TMPDIR} "/tmp/;touch ${marker};")
  run_once(ignored failure)
  if(NOT was_there AND EXISTS ${marker})
    message(FATAL_ERROR "TMPDIR='$ENV{TMPDIR}' ran a shell command: ${marker} appeared")
  endif()
  check("${failure}")
  message(STATUS "a shell command in TMPDIR never runs")
else()
  message(FATAL_ERROR "knl_map_test: MODE is repeat or tmpdir, not '${MODE}'")
endif()
