# Workbook.cmake: the few functions every lesson's CMakeLists.txt is written with.
#
# A lesson's CMakeLists.txt reads as its table of contents:
#
#   workbook_add_demo(01_threads.thread_class SOURCES thread_class.cpp ARGS --threads 4)
#   workbook_add_exercise(01_threads.parallel_sum SOURCES parallel_sum.cpp
#     RUNS "--n 1000003" "--n 5"  THREADS 1 2 3 4 7  TSAN)
#   workbook_add_bench(01_threads.thread_bench SOURCES thread_bench.cpp PYTHON python/thread_bench.py)
#
# Names are `NN_topic.name`; the lesson folder is `lessons/NN_topic`.
#
# workbook_add_demo(NAME SOURCES src... [ARGS arg...] [LIBRARIES lib...] [TIMEOUT s]
#                   [BAD_ARGS "args"...])
#   Builds bin/NAME from the lesson folder and runs it once as a CTest test (labels `demo`,
#   `lessonNN`): a demo must run and exit 0. `./workbook demo NN` runs it with ARGS under a
#   heading that shows the command line. NAME.cli checks its command-line contract: --help
#   exits 0; an unknown flag and each BAD_ARGS set exit 2 with one line on stderr.
#
# workbook_add_exercise(NAME SOURCES src... [RUNS "args"...] [THREADS n...]
#                       [RULES "words"] [TSAN] [TIMEOUT s] [LIBRARIES lib...]
#                       [BAD_ARGS "args"...] [SPEED_REPORT "args"])
#   Builds NAME.exercise from exercises/NN_topic/ (the student's file) and NAME.solution from
#   solutions/NN_topic/, and registers the grading test NAME.exercise (labels `lessonNN`,
#   `exercise`) and NAME.solution (labels `lessonNN`, `solution`). The grader runs the
#   solution for the expected output and the student's program for the actual one, once per
#   argument set in RUNS and, with THREADS, once per thread count (`--threads T` is
#   appended), and compares them under the declared rules:
#     RULES               how outputs are compared, in the words the grader and the lesson
#                         texts' output markers use (tools/grader/compare.hpp), passed on as
#                         written: exact (line by line, the default), unordered (the same
#                         lines in any order: output of concurrent workers), mask:NAME for a
#                         part that legitimately differs (pid, tid, time: a number with a
#                         time unit, hex: 0x... addresses, regex:RE), abs=X and rel=X for
#                         numbers within a tolerance. E.g. RULES "unordered mask:pid"
#     TSAN                also run a ThreadSanitizer build: a data race fails the exercise
#     OPENMP              link OpenMP; THREADS then sets OMP_NUM_THREADS=T instead of
#                         appending --threads T (do not combine with TSAN: libgomp is not
#                         instrumented, so ThreadSanitizer reports false races)
#     TIMEOUT             seconds per run before "possible deadlock" (default 20)
#     BAD_ARGS            argument sets the solution must refuse (NAME.solution.cli)
#     GPU_PROBE           an offload exercise (lesson 13): the demo target that answers
#                         `--require-gpu` (exit 0: a GPU runs target regions here, 77: none).
#                         With a GPU every run is graded on the host and on the device
#                         (OMP_TARGET_OFFLOAD=DISABLED, then MANDATORY); without one the
#                         grader says the mapping was not checked, and the mutants marked
#                         `needs: gpu` are skipped with that reason
#     SPEED_REPORT        an OpenMP exercise about speed: once it passes, `./workbook check`
#                         also runs it and the solution with these arguments and --time on 1
#                         thread and on every usable core, and prints how much of the
#                         solution's speedup the student's reaches: a report, never a grade
#   The grader also records each verdict for ./workbook list (build/<preset>/progress/), grades
#   a program whose last build failed as "does not compile" (the front door saves the
#   compiler's output per exercise), and on failure prints the "If you see" lines of the
#   exercise's section in exercises/NN_topic/hints.md; `./workbook hint NN NAME` gives its
#   levels one at a time (the format: tools/grader/hints.hpp).
#   With WORKBOOK_SELFCHECK the grader is checked in both directions (NAME.stub,
#   NAME.mutant.M, NAME.alternative.A, NAME.lint): see cmake/WorkbookSelfCheck.cmake.
#
# MPI programs (lessons 06, 07, 12) add RANKS: the program links workbook::mpi and every
# test starts it through bin/wb_mpiexec (the configured launcher, oversubscribed where the
# ranks exceed the cores, the root-only Open MPI variables set only as root):
#   workbook_add_demo(... RANKS n [BAD_RANKS n...])      run on n ranks; NAME.cli on n ranks,
#                                                       and each BAD_RANKS count must be refused
#   workbook_add_exercise(... RANKS 2 3 4 [BAD_RANKS 1]) every run at every rank count
#                                                       (with THREADS: every combination)
#   workbook_add_bench(... RANKS n)                     its own main(); the Python peer on n ranks too
#   In a lesson text: <!-- output: ranks=4 06_mpi.hello_mpi | rules -->
#
# workbook_add_bench(NAME SOURCES src... [PYTHON script.py] [LIBRARIES lib...])
#   A Google Benchmark program bin/NAME plus a quick CTest smoke run (label `bench`), never
#   with a time assertion. PYTHON names the seed's Python peer (in the lesson folder), which
#   `./workbook bench NN` runs on the same machine and prints side by side; its smoke run is
#   the test NAME.python (`--quick`, see workbook_add_python_test).
#
# workbook_add_python_test(NAME SCRIPT script.py [ARGS arg...] [RANKS n] [LABELS label...]
#                          [TIMEOUT s] [NEEDS module...] [CHECK check.cmake [-DVAR=value...]])
#   The one way a test runs a Python program: SCRIPT (in the lesson folder) through
#   bin/wb_python, the interpreter the build chose, with common/python on its module path;
#   on RANKS ranks through bin/wb_mpiexec. Labels `python`, `lessonNN` and LABELS; TIMEOUT
#   60 s unless given. A program whose module (numpy, scipy, mpi4py) is missing says so in
#   one line and exits 77 (require() in common/python/workbook_peer.py): CTest reports the
#   test as skipped, not failed. Without a Python 3 the test is not made (the configure
#   summary says so).
#     NEEDS   the modules of a program that cannot call require() itself (one kept as the
#             course's notes have it): checked first, with the same line and exit 77
#     CHECK   a CMake script judges the output, not just the exit code: it gets the
#             program's command line as -DCOMMAND ('|'-separated) and the -D settings given
#
# A lesson's own parts, the same way in every lesson:
#
# workbook_lesson_needs(NN_topic [OPENMP] [MPI] [EIGEN] [NOT_UNDER_TSAN])  (a macro)
#   Ends the lesson's CMakeLists at once, saying why, where a part it needs is missing
#   (the configure summary names the package) or, with NOT_UNDER_TSAN, in a
#   ThreadSanitizer build: Debian's libgomp is not instrumented, so TSan would report its
#   barriers as races.
#
# workbook_add_lesson_library(NN_topic [SOURCES src...] [INCLUDE dir...] [LIBRARIES lib...])
#   The lesson's shared code as the target NN_topic.lib: a static library of SOURCES, or
#   headers only without them; INCLUDE (default: the lesson folder) is where its programs
#   find the headers (another lesson's folder too, for header-only code it borrows). Programs take it with LIBRARIES NN_topic.lib.
#
# workbook_add_unit_tests(NAME SOURCES src... [LIBRARIES lib...] [EXCLUDE pattern])
#   A GoogleTest program bin/NAME whose tests run one by one as NN_topic.<suite>.<test>
#   (labels `unit`, `lessonNN`); EXCLUDE (a gtest filter such as "faults.*") leaves some out
#   for a test of their own.

include(GoogleTest)  # gtest_discover_tests, for lessons with unit tests of their own
include(${CMAKE_CURRENT_LIST_DIR}/WorkbookSelfCheck.cmake)
get_filename_component(WORKBOOK_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set(WORKBOOK_DEFAULT_TIMEOUT 20)

macro(workbook_lesson_needs lesson)
  cmake_parse_arguments(_needs "OPENMP;MPI;EIGEN;NOT_UNDER_TSAN" "" "" ${ARGN})
  set(_needs_missing "")
  if(_needs_OPENMP AND NOT OpenMP_CXX_FOUND)
    list(APPEND _needs_missing OpenMP)
  endif()
  if(_needs_EIGEN AND NOT TARGET Eigen3::Eigen)
    list(APPEND _needs_missing "Eigen (libeigen3-dev)")
  endif()
  if(_needs_MPI AND NOT MPI_CXX_FOUND)
    list(APPEND _needs_missing MPI)
  endif()
  if(_needs_missing)
    list(JOIN _needs_missing " and " _needs_missing)
    message(STATUS "Lesson ${lesson} is skipped: it needs ${_needs_missing} (see the summary below)")
    return()
  endif()
  if(_needs_NOT_UNDER_TSAN AND WORKBOOK_SANITIZER STREQUAL "thread")
    message(STATUS "Lesson ${lesson} is skipped in a ThreadSanitizer build: libgomp is not instrumented")
    return()
  endif()
endmacro()

function(workbook_add_lesson_library lesson)
  cmake_parse_arguments(L "" "" "INCLUDE;SOURCES;LIBRARIES" ${ARGN})
  if(NOT L_INCLUDE)
    set(L_INCLUDE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  if(L_SOURCES)
    add_library(${lesson}.lib STATIC ${L_SOURCES})
    target_include_directories(${lesson}.lib PUBLIC ${L_INCLUDE})
    target_link_libraries(${lesson}.lib PUBLIC workbook::common ${L_LIBRARIES}
                          PRIVATE workbook::warnings workbook_codegen workbook_sanitizer)
  else()
    add_library(${lesson}.lib INTERFACE)
    target_include_directories(${lesson}.lib INTERFACE ${L_INCLUDE})
    target_link_libraries(${lesson}.lib INTERFACE ${L_LIBRARIES})
  endif()
endfunction()

function(workbook_add_unit_tests name)
  cmake_parse_arguments(U "" "EXCLUDE" "SOURCES;LIBRARIES" ${ARGN})
  _workbook_parse_name(${name})
  add_executable(${name} ${U_SOURCES})
  target_link_libraries(${name} PRIVATE ${U_LIBRARIES} workbook::warnings workbook_sanitizer GTest::gtest_main)
  set(filter "")
  if(U_EXCLUDE)
    set(filter TEST_FILTER "-${U_EXCLUDE}")
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${lesson}." ${filter} PROPERTIES LABELS "unit;lesson${nn}" TIMEOUT 120)
endfunction()

# Splits `01_threads.parallel_sum` into lesson `01_threads`, number `01`, short name.
function(_workbook_parse_name name)
  if(NOT name MATCHES "^(([0-9][0-9])_[a-z0-9_]+)\\.([a-z0-9_]+)$")
    message(FATAL_ERROR "workbook: '${name}' is not of the form NN_topic.name")
  endif()
  set(lesson ${CMAKE_MATCH_1} PARENT_SCOPE)
  set(nn ${CMAKE_MATCH_2} PARENT_SCOPE)
  set(short ${CMAKE_MATCH_3} PARENT_SCOPE)
endfunction()

# One program of the workbook: common library, warnings, code generation, sanitizer.
# TSAN_TWIN builds it for ThreadSanitizer instead of for speed.
function(_workbook_program target)
  cmake_parse_arguments(P "TSAN_TWIN" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${target} ${P_SOURCES})
  target_link_libraries(${target} PRIVATE workbook::common workbook::warnings ${P_LIBRARIES})
  if("workbook::mpi" IN_LIST P_LIBRARIES AND TARGET wb_rank)
    add_dependencies(${target} wb_rank)  # bin/wb_mpiexec starts each rank under it
  endif()
  if(P_TSAN_TWIN)
    target_link_libraries(${target} PRIVATE workbook_tsan_twin)
  else()
    target_link_libraries(${target} PRIVATE workbook_codegen workbook_sanitizer)
  endif()
endfunction()

# Adds `target` to the lesson's umbrella target (lessonNN.demos, .exercises, .benches),
# which ./workbook builds so that a lesson's programs build without the rest.
function(_workbook_umbrella nn kind)
  if(NOT TARGET lesson${nn}.${kind})
    add_custom_target(lesson${nn}.${kind})
    if(TARGET wb_rank)
      add_dependencies(lesson${nn}.${kind} wb_rank)  # bin/wb_mpiexec runs each rank under it
    endif()
  endif()
  add_dependencies(lesson${nn}.${kind} ${ARGN})
endfunction()

# NAME.cli: the program's command-line contract (--help; bad input -> one line, exit 2).
# An MPI program is started on RANKS ranks, so "one line" means one line from the whole
# job, and each BAD_RANKS count (a ring of 1 rank) must be refused the same way.
function(_workbook_cli_test target nn)
  cmake_parse_arguments(C "" "RANKS" "BAD_ARGS;BAD_RANKS" ${ARGN})
  list(JOIN C_BAD_ARGS "|" bad)
  list(JOIN C_BAD_RANKS "|" bad_ranks)
  set(labels "cli;lesson${nn}")
  set(launch "")
  if(C_RANKS)
    set(launch "${WORKBOOK_MPI_LAUNCHER}|${C_RANKS}")
    set(labels "${labels};mpi")
  endif()
  add_test(NAME ${target}.cli COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> -DBAD=${bad}
           -DLAUNCH=${launch} -DLAUNCHER=${WORKBOOK_MPI_LAUNCHER} -DBAD_RANKS=${bad_ranks}
           -P ${WORKBOOK_ROOT}/tests/cli_contract.cmake)
  # No CPU reservation even for MPI programs: their ranks refuse the input and exit at once.
  set_tests_properties(${target}.cli PROPERTIES LABELS "${labels}" TIMEOUT 120)
endfunction()

# MPI programs: refuse to register them without MPI (the lesson should have returned), and
# link the MPI session of workbook::common.
function(_workbook_require_mpi name)
  if(NOT MPI_CXX_FOUND)
    message(FATAL_ERROR "workbook: ${name} declares RANKS, but MPI was not found: the lesson must return() without MPI")
  endif()
endfunction()

# A test that starts `ranks` MPI ranks reserves that many CPUs from ctest -j (at most the
# machine's), so two 4-rank jobs do not fight over 2 cores at once.
function(_workbook_mpi_test_properties test ranks)
  cmake_host_system_information(RESULT cpus QUERY NUMBER_OF_LOGICAL_CORES)
  if(ranks GREATER cpus)
    set(ranks ${cpus})
  endif()
  set_property(TEST ${test} PROPERTY PROCESSORS ${ranks})
  set_property(TEST ${test} APPEND PROPERTY LABELS mpi)
endfunction()

function(workbook_add_demo name)
  cmake_parse_arguments(D "" "TIMEOUT;RANKS" "SOURCES;ARGS;LIBRARIES;BAD_ARGS;BAD_RANKS" ${ARGN})
  _workbook_parse_name(${name})
  if(NOT D_TIMEOUT)
    set(D_TIMEOUT 60)
  endif()
  set(launch "")
  if(D_RANKS)
    _workbook_require_mpi(${name})
    list(APPEND D_LIBRARIES workbook::mpi)
    set(launch ${WORKBOOK_MPI_LAUNCHER} ${D_RANKS})
  endif()
  _workbook_program(${name} SOURCES ${D_SOURCES} LIBRARIES ${D_LIBRARIES})
  add_test(NAME ${name} COMMAND ${launch} $<TARGET_FILE:${name}> ${D_ARGS})
  set_tests_properties(${name} PROPERTIES LABELS "demo;lesson${nn}" TIMEOUT ${D_TIMEOUT})
  if(D_RANKS)
    _workbook_mpi_test_properties(${name} ${D_RANKS})
  endif()
  _workbook_umbrella(${nn} demos ${name})
  _workbook_cli_test(${name} ${nn} RANKS ${D_RANKS} BAD_ARGS ${D_BAD_ARGS} BAD_RANKS ${D_BAD_RANKS})
  list(JOIN D_ARGS " " args_line)
  if(args_line STREQUAL "")
    set(args_line "-")  # the front door reads tab-separated fields: none may be empty
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_DEMOS "${nn}\t${name}\t${args_line}\t${D_RANKS}")
endfunction()

function(workbook_add_python_test name)
  cmake_parse_arguments(P "" "SCRIPT;RANKS;TIMEOUT" "ARGS;LABELS;NEEDS;CHECK" ${ARGN})
  # NN_topic.name, or NN_topic.name.python beside the C++ program NN_topic.name.
  string(REGEX REPLACE "\\.python$" "" program_name ${name})
  _workbook_parse_name(${program_name})
  set(script ${CMAKE_CURRENT_SOURCE_DIR}/${P_SCRIPT})
  if(NOT P_SCRIPT OR NOT EXISTS ${script})
    message(FATAL_ERROR "workbook: ${name}: Python program '${script}' does not exist")
  endif()
  if(NOT Python3_Interpreter_FOUND)
    return()
  endif()
  if(NOT P_TIMEOUT)
    set(P_TIMEOUT 60)
  endif()
  set(command ${WORKBOOK_PYTHON_LAUNCHER} ${script} ${P_ARGS})
  if(P_RANKS)
    _workbook_require_mpi(${name})
    list(PREPEND command ${WORKBOOK_MPI_LAUNCHER} ${P_RANKS})
  endif()
  if(P_CHECK)
    list(POP_FRONT P_CHECK check_script)
    cmake_path(ABSOLUTE_PATH check_script BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
    list(JOIN command "|" command_line)
    set(command ${CMAKE_COMMAND} -DCOMMAND=${command_line} ${P_CHECK} -P ${check_script})
  endif()
  if(P_NEEDS)
    # Outside the CHECK script, whose own exit code cannot be 77 (cmake -P exits 0 or 1).
    cmake_path(GET script FILENAME program)
    list(PREPEND command ${WORKBOOK_PYTHON_LAUNCHER} -m workbook_peer ${program} ${P_NEEDS} --)
  endif()
  add_test(NAME ${name} COMMAND ${command})
  set(labels python lesson${nn} ${P_LABELS})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${P_TIMEOUT} SKIP_RETURN_CODE 77)
  if(P_RANKS)
    _workbook_mpi_test_properties(${name} ${P_RANKS})
  endif()
endfunction()

function(workbook_add_bench name)
  cmake_parse_arguments(B "" "PYTHON;RANKS;TARGETS" "SOURCES;LIBRARIES;ALSO_WITH" ${ARGN})
  _workbook_parse_name(${name})
  set(launch "")
  if(B_RANKS)
    # An MPI benchmark writes its own main(): rank 0 runs Google Benchmark, the other
    # ranks serve it (echo, work) until rank 0 tells them to stop.
    _workbook_require_mpi(${name})
    list(APPEND B_LIBRARIES workbook::bench workbook::mpi)
    set(launch ${WORKBOOK_MPI_LAUNCHER} ${B_RANKS})
  else()
    list(APPEND B_LIBRARIES workbook::bench_main)
  endif()
  _workbook_program(${name} SOURCES ${B_SOURCES} LIBRARIES ${B_LIBRARIES})
  # A smoke run: the benchmark works; its figures are for ./workbook bench, not for tests.
  add_test(NAME ${name} COMMAND ${launch} $<TARGET_FILE:${name}> --benchmark_min_time=0.01${WORKBOOK_SECONDS})
  set_tests_properties(${name} PROPERTIES LABELS "bench;lesson${nn}" TIMEOUT 120)
  if(B_RANKS)
    _workbook_mpi_test_properties(${name} ${B_RANKS})
  else()
    # The thread counts follow the machine, never a fixed list: on one core (the first this
    # test may use) no benchmark has more than 1 thread (its `threads:` argument).
    add_test(NAME ${name}.one_core COMMAND bash -c
             "cpu=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//'); exec taskset -c \"$cpu\" \"$0\" --benchmark_list_tests"
             $<TARGET_FILE:${name}>)
    set_tests_properties(${name}.one_core PROPERTIES LABELS "bench;lesson${nn}" TIMEOUT 60
                         PASS_REGULAR_EXPRESSION "BM_" FAIL_REGULAR_EXPRESSION "threads:([2-9]|[1-9][0-9]+)")
  endif()
  _workbook_umbrella(${nn} benches ${name} wb_bench_report)
  set(peer "-")
  if(B_PYTHON)
    set(peer ${CMAKE_CURRENT_SOURCE_DIR}/${B_PYTHON})
    workbook_add_python_test(${name}.python SCRIPT ${B_PYTHON} ARGS --quick RANKS ${B_RANKS} LABELS bench TIMEOUT 120)
  endif()
  # TARGETS: what the benchmark should reach (a file of target lines; tools/bench_report.cpp
  # says their form), judged met or missed in ./workbook bench's report. NAME.targets checks
  # that every C++ benchmark the file names is one this program runs.
  set(targets "-")
  if(B_TARGETS)
    set(targets ${CMAKE_CURRENT_SOURCE_DIR}/${B_TARGETS})
    add_test(NAME ${name}.targets COMMAND bash -c "\"$0\" --benchmark_list_tests >\"$2\" && exec \"$1\" --targets \"$3\" --benchmarks \"$2\""
             $<TARGET_FILE:${name}> $<TARGET_FILE:wb_bench_report> ${CMAKE_CURRENT_BINARY_DIR}/${name}.list ${targets})
    set_tests_properties(${name}.targets PROPERTIES LABELS "bench;lesson${nn}" TIMEOUT 60)
  endif()
  # ALSO_WITH LABEL VARIABLE=VALUE: ./workbook bench runs the program a second time with that
  # environment and shows both runs side by side (lesson 06: Open MPI's single-copy setting).
  set(also "-")
  if(B_ALSO_WITH)
    list(LENGTH B_ALSO_WITH also_length)
    list(GET B_ALSO_WITH 1 also_setting)
    if(NOT also_length EQUAL 2 OR NOT also_setting MATCHES "^[A-Za-z_][A-Za-z0-9_]*=[^ \t|]+$")
      message(FATAL_ERROR "workbook_add_bench(${name}): ALSO_WITH takes LABEL VARIABLE=VALUE")
    endif()
    list(GET B_ALSO_WITH 0 also_label)
    set(also "${also_label}|${also_setting}")
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_BENCHES "${nn}\t${name}\t${peer}\t${targets}\t${also}\t${B_RANKS}")
endfunction()

# Builds one graded variant of an exercise (and its ThreadSanitizer twin with TWIN).
# Every graded program checks its container indices (_GLIBCXX_ASSERTIONS): a student's
# index past the end stops at once with "Assertion '__n < this->size()' failed" instead of
# corrupting memory and dying later with no word (a thread that captured the loop's `t` by
# reference, a tile that runs past the matrix). Solution and student pay the same.
function(_workbook_variant target)
  cmake_parse_arguments(V "TWIN" "" "SOURCES;LIBRARIES" ${ARGN})
  _workbook_program(${target} SOURCES ${V_SOURCES} LIBRARIES ${V_LIBRARIES})
  target_compile_definitions(${target} PRIVATE _GLIBCXX_ASSERTIONS)
  if(V_TWIN)
    _workbook_program(${target}.tsan TSAN_TWIN SOURCES ${V_SOURCES} LIBRARIES ${V_LIBRARIES})
    target_compile_definitions(${target}.tsan PRIVATE _GLIBCXX_ASSERTIONS)
  endif()
endfunction()

# Registers one grading test TEST: the program ACTUAL graded against the solution of
# EXERCISE, with the exercise's GRADING settings spread in (see workbook_add_exercise:
# EXERCISE, GRADER_ARGS, TIMEOUT, RANKS, TWIN). STATUS: the verdict is the student's, kept
# for ./workbook list.
function(_workbook_grade test)
  cmake_parse_arguments(G "EXPECT_FAIL;STUB;STATUS;TWIN;NEEDS_GPU" "EXERCISE;ACTUAL;SOURCE;TIMEOUT;RANKS" "LABELS;GRADER_ARGS"
                        ${ARGN})
  set(cmd $<TARGET_FILE:wb_grade> --name ${G_EXERCISE} --expected $<TARGET_FILE:${G_EXERCISE}.solution>
      --actual $<TARGET_FILE:${G_ACTUAL}> --source ${G_SOURCE} --root ${WORKBOOK_ROOT} ${G_GRADER_ARGS})
  if(G_RANKS)
    list(APPEND cmd --launcher ${WORKBOOK_MPI_LAUNCHER})
  endif()
  if(G_TWIN)
    list(APPEND cmd --actual-tsan $<TARGET_FILE:${G_ACTUAL}.tsan>)
  endif()
  if(G_EXPECT_FAIL)
    list(APPEND cmd --expect-fail)
  endif()
  if(G_STUB)
    list(APPEND cmd --stub)
  endif()
  if(G_NEEDS_GPU)
    list(APPEND cmd --needs-gpu)  # skipped with its reason where no GPU runs target regions
  endif()
  # An offload exercise's gradings (the student's, solution, alternatives, mutants), for a
  # GPU node that has the programs but not this CTest tree (lesson 13's gpu_checks.sh runs
  # them from manifest/gpu_grading.tsv): the same command, with @BIN@ and @ROOT@ for the
  # folders, and no status file (./workbook list is about this machine's gradings).
  if("--gpu-probe" IN_LIST G_GRADER_ARGS AND NOT G_STUB)
    set(portable "")
    foreach(arg IN LISTS cmd)
      string(REPLACE "$<TARGET_FILE:" "@BIN@/$<TARGET_FILE_NAME:" arg "${arg}")
      string(REPLACE "${WORKBOOK_ROOT}" "@ROOT@" arg "${arg}")
      list(APPEND portable "${arg}")
    endforeach()
    string(ASCII 31 unit_separator)  # not a space, so an empty argument stays one
    list(JOIN portable "${unit_separator}" line)
    set_property(GLOBAL APPEND PROPERTY WORKBOOK_GPU_GRADING "${test}${unit_separator}${line}")
  endif()
  if(G_STATUS)
    # What ./workbook list reads, and the compiler's output that the front door saves for
    # each exercise (a program that does not compile is graded so, with its first error).
    list(APPEND cmd --status-file ${PROJECT_BINARY_DIR}/progress/${G_EXERCISE}
                    --build-log ${PROJECT_BINARY_DIR}/progress/${G_EXERCISE}.build.log)
  endif()
  add_test(NAME ${test} COMMAND ${cmd})
  set_tests_properties(${test} PROPERTIES LABELS "${G_LABELS}" TIMEOUT ${G_TIMEOUT} SKIP_RETURN_CODE 77)
  if(G_RANKS)
    _workbook_mpi_test_properties(${test} ${G_RANKS})
  endif()
endfunction()

# What wb_grade is told about an exercise: its hints, timeout, rules and runs, each passed
# on as the lesson wrote it (the grader reads them: tools/grader/compare.hpp, runs.hpp).
# Sets OUT to the arguments and OUT_RUNS to the number of runs they make: every argument
# set at every rank count and thread count (a split that only works for some counts fails).
function(_workbook_grader_arguments out)
  cmake_parse_arguments(A "OPENMP" "HINTS;TIMEOUT;RULES" "RUNS;RANKS;THREADS" ${ARGN})
  set(args --hints ${A_HINTS} --timeout ${A_TIMEOUT} --rules ${A_RULES})
  foreach(run IN LISTS A_RUNS)
    list(APPEND args --run "${run}")
  endforeach()
  foreach(r IN LISTS A_RANKS)
    list(APPEND args --ranks ${r})
  endforeach()
  foreach(t IN LISTS A_THREADS)
    list(APPEND args --threads ${t})
  endforeach()
  if(A_THREADS AND A_OPENMP)
    list(APPEND args --threads-in-environment)  # OpenMP programs read OMP_NUM_THREADS
  endif()
  if(WORKBOOK_SANITIZER STREQUAL "thread")
    list(APPEND args --actual-is-tsan)
  endif()
  list(LENGTH A_RUNS runs)
  foreach(counts IN ITEMS A_RANKS A_THREADS)
    list(LENGTH ${counts} count)
    if(count GREATER 0)
      math(EXPR runs "${runs} * ${count}")
    endif()
  endforeach()
  set(${out} ${args} PARENT_SCOPE)
  set(${out}_RUNS ${runs} PARENT_SCOPE)
endfunction()

# Adds the row ./workbook and the reliability suite read for an exercise (manifest/exercises.tsv):
# where the student's file is, which targets the front door builds for it (the student's
# program and its ThreadSanitizer twin: a compile error is the result of the exercise it
# is in), the first graded run's arguments ("-" for none) and an MPI exercise's rank count.
function(_workbook_manifest_exercise name)
  cmake_parse_arguments(M "TWIN" "FILE;FIRST_RUN;RANKS;SPEED_REPORT" "" ${ARGN})
  _workbook_parse_name(${name})
  set(student_targets ${name}.exercise)
  if(M_TWIN)
    list(APPEND student_targets ${name}.exercise.tsan)
  endif()
  list(JOIN student_targets "," student_targets)
  set(first_run "${M_FIRST_RUN}")
  if(first_run STREQUAL "<no arguments>")
    set(first_run "-")
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_EXERCISES
               "${nn}\t${lesson}\t${short}\t${M_FILE}\t${student_targets}\t${first_run}\t${M_RANKS}\t${M_SPEED_REPORT}")
endfunction()

function(workbook_add_exercise name)
  cmake_parse_arguments(E "TSAN;OPENMP" "RULES;TIMEOUT;SPEED_REPORT;GPU_PROBE" "SOURCES;RUNS;THREADS;RANKS;LIBRARIES;BAD_ARGS;BAD_RANKS"
                        ${ARGN})
  _workbook_parse_name(${name})
  set(ex_dir ${WORKBOOK_ROOT}/exercises/${lesson})
  set(sol_dir ${WORKBOOK_ROOT}/solutions/${lesson})

  # Defaults.
  if(NOT E_RULES)
    set(E_RULES exact)
  endif()
  if(NOT E_TIMEOUT)
    set(E_TIMEOUT ${WORKBOOK_DEFAULT_TIMEOUT})
  endif()
  if(NOT E_RUNS)
    set(E_RUNS "<no arguments>")  # a CMake list cannot hold one empty element
  endif()
  list(GET E_SOURCES 0 main_source)

  # What the programs need.
  if(E_OPENMP)
    list(APPEND E_LIBRARIES OpenMP::OpenMP_CXX)
  endif()
  set(first_ranks "")
  set(most_ranks "")
  if(E_RANKS)
    _workbook_require_mpi(${name})
    list(APPEND E_LIBRARIES workbook::mpi)
    if(E_TSAN)
      message(FATAL_ERROR "workbook: ${name}: RANKS and TSAN do not go together (Open MPI is not instrumented)")
    endif()
    list(GET E_RANKS 0 first_ranks)
    list(GET E_RANKS -1 most_ranks)
  endif()
  set(twin "")
  if(E_TSAN AND WORKBOOK_TSAN_TWINS)
    set(twin TWIN)
  endif()

  # The student's program and the solution.
  list(TRANSFORM E_SOURCES PREPEND ${ex_dir}/ OUTPUT_VARIABLE ex_sources)
  list(TRANSFORM E_SOURCES PREPEND ${sol_dir}/ OUTPUT_VARIABLE sol_sources)
  _workbook_variant(${name}.exercise ${twin} SOURCES ${ex_sources} LIBRARIES ${E_LIBRARIES})
  _workbook_variant(${name}.solution ${twin} SOURCES ${sol_sources} LIBRARIES ${E_LIBRARIES})
  if(E_OPENMP)
    # A misspelt directive (`#pragma omp paralel for`) is a pragma g++ does not know: it
    # warns and goes on, and the loop runs on one thread. In the student's program it is an
    # error, so the grader reports it with the line, not as "1 thread did the work".
    target_compile_options(${name}.exercise PRIVATE -Werror=unknown-pragmas)
  endif()
  _workbook_umbrella(${nn} exercises wb_grade wb_hint ${name}.exercise ${name}.solution)
  if(twin)
    _workbook_umbrella(${nn} exercises ${name}.exercise.tsan ${name}.solution.tsan)
  endif()

  # The solution's command-line contract, and the two grading tests.
  _workbook_cli_test(${name}.solution ${nn} RANKS ${first_ranks} BAD_ARGS ${E_BAD_ARGS} BAD_RANKS ${E_BAD_RANKS})
  set(openmp "")
  if(E_OPENMP)
    set(openmp OPENMP)
  endif()
  _workbook_grader_arguments(grader_args HINTS ${ex_dir}/hints.md TIMEOUT ${E_TIMEOUT} RULES ${E_RULES}
                             RUNS ${E_RUNS} RANKS ${E_RANKS} THREADS ${E_THREADS} ${openmp})
  if(E_GPU_PROBE)
    list(APPEND grader_args --gpu-probe $<TARGET_FILE:${E_GPU_PROBE}>)
    # Built with the solution: ./workbook check builds an exercise's two programs only.
    add_dependencies(${name}.solution ${E_GPU_PROBE})
    math(EXPR grader_args_RUNS "${grader_args_RUNS} * 2")  # on a GPU: on the host and on the device
  endif()
  # Each run starts two programs (three with a twin), each with its own timeout.
  math(EXPR ctest_timeout "${grader_args_RUNS} * ${E_TIMEOUT} * 3 + 30")
  set(grading EXERCISE ${name} GRADER_ARGS ${grader_args} TIMEOUT ${ctest_timeout} RANKS ${most_ranks} ${twin})
  _workbook_grade(${name}.exercise ACTUAL ${name}.exercise STATUS LABELS "lesson${nn};exercise"
                  SOURCE ${ex_dir}/${main_source} ${grading})
  _workbook_grade(${name}.solution ACTUAL ${name}.solution LABELS "lesson${nn};solution"
                  SOURCE ${sol_dir}/${main_source} ${grading})
  list(GET E_RUNS 0 first_run)
  _workbook_manifest_exercise(${name} FILE ${ex_dir}/${main_source} FIRST_RUN "${first_run}" RANKS "${first_ranks}"
                              SPEED_REPORT "${E_SPEED_REPORT}" ${twin})

  # The grader checked in both directions (cmake/WorkbookSelfCheck.cmake).
  if(WORKBOOK_SELFCHECK)
    _workbook_exercise_selfcheck(${name} SOURCES ${E_SOURCES} LIBRARIES ${E_LIBRARIES} GRADING ${grading})
  endif()
endfunction()

# The lesson text (lessons/NN_topic/README.md) shows real output of its programs; this
# test runs them and checks the text still tells the truth (see tools/doccheck.cpp).
function(workbook_check_lesson_text lesson)
  set(readme ${WORKBOOK_ROOT}/lessons/${lesson}/README.md)
  string(SUBSTRING ${lesson} 0 2 nn)
  # In the workbook's top folder, where the texts' commands run: a marker may name a file
  # of the sources (lessons/10_plotting/data/...) as the text's reader would.
  # Programs the lesson left out for want of an optional part (WORKBOOK_ABSENT_<lesson>):
  # their blocks are not checked here.
  get_property(absent GLOBAL PROPERTY WORKBOOK_ABSENT_${lesson})
  set(absent_args "")
  if(absent)
    set(absent_args --absent ${absent})
  endif()
  add_test(NAME ${lesson}.lesson_text COMMAND wb_doccheck ${PROJECT_BINARY_DIR}/bin ${readme} ${absent_args}
           WORKING_DIRECTORY ${WORKBOOK_ROOT})
  set_tests_properties(${lesson}.lesson_text PROPERTIES LABELS "docs;lesson${nn}" TIMEOUT 300)
  # The machine the text describes, where it differs from this one (WORKBOOK_TEXT_ENVIRONMENT_
  # <lesson>: lesson 13's text shows a machine without a GPU, and on one with a GPU the test
  # hides it from the programs).
  get_property(text_environment GLOBAL PROPERTY WORKBOOK_TEXT_ENVIRONMENT_${lesson})
  if(text_environment)
    set_tests_properties(${lesson}.lesson_text PROPERTIES ENVIRONMENT "${text_environment}")
  endif()
endfunction()

# Writes what the front door (`./workbook`) reads: lessons, demos, exercises, benchmarks.
function(workbook_write_manifests)
  set(lessons_text "")
  file(GLOB lesson_dirs LIST_DIRECTORIES true ${WORKBOOK_ROOT}/lessons/[0-9][0-9]_*)
  foreach(dir IN LISTS lesson_dirs)
    cmake_path(GET dir FILENAME lesson)
    string(SUBSTRING ${lesson} 0 2 nn)
    set(title ${lesson})
    if(EXISTS ${dir}/README.md)
      file(STRINGS ${dir}/README.md heading LIMIT_COUNT 1 REGEX "^# ")
      string(REGEX REPLACE "^# +" "" title "${heading}")
    endif()
    string(APPEND lessons_text "${nn}\t${lesson}\t${title}\n")
  endforeach()
  file(WRITE ${PROJECT_BINARY_DIR}/manifest/lessons.tsv "${lessons_text}")
  foreach(kind DEMOS EXERCISES BENCHES)
    get_property(rows GLOBAL PROPERTY WORKBOOK_${kind})
    string(TOLOWER ${kind} file)
    list(JOIN rows "\n" text)
    if(text)
      string(APPEND text "\n")
    endif()
    file(WRITE ${PROJECT_BINARY_DIR}/manifest/${file}.tsv "${text}")
  endforeach()
  # Generated, not written: its lines name programs by target (generator expressions).
  get_property(gpu_grading GLOBAL PROPERTY WORKBOOK_GPU_GRADING)
  list(JOIN gpu_grading "\n" text)
  if(text)
    string(APPEND text "\n")
  endif()
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/manifest/gpu_grading.tsv CONTENT "${text}")
endfunction()
