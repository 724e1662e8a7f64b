# Workbook.cmake: the few functions every lesson's CMakeLists.txt is written with.
#
# A lesson's CMakeLists.txt reads as its table of contents:
#
#   workbook_add_demo(01_threads.thread_class SOURCES thread_class.cpp ARGS --threads 4)
#   workbook_add_exercise(01_threads.parallel_sum SOURCES parallel_sum.cpp
#     RUNS "--n 1000003" "--n 5"  THREADS 1 2 3 4 7  COMPARE exact  TSAN)
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
#                       [COMPARE exact|unordered] [MASKS pid|tid|time|hex|regex:RE ...]
#                       [TOLERANCE abs=X rel=Y] [TSAN] [TIMEOUT s] [LIBRARIES lib...]
#                       [BAD_ARGS "args"...])
#   Builds NAME.exercise from exercises/NN_topic/ (the student's file) and NAME.solution from
#   solutions/NN_topic/, and registers the grading test NAME.exercise (labels `lessonNN`,
#   `exercise`) and NAME.solution (labels `lessonNN`, `solution`). The grader runs the
#   solution for the expected output and the student's program for the actual one, once per
#   argument set in RUNS and, with THREADS, once per thread count (`--threads T` is
#   appended), and compares them under the declared rules:
#     COMPARE exact       line by line (the default)
#     COMPARE unordered   the same lines in any order (output of concurrent workers)
#     MASKS               parts that legitimately differ: pid, tid (thread ids), time
#                         (a number with a time unit), hex (0x... addresses), regex:RE
#     TOLERANCE           numbers within abs=X or rel=Y of the expected ones
#     TSAN                also run a ThreadSanitizer build: a data race fails the exercise
#     OPENMP              link OpenMP; THREADS then sets OMP_NUM_THREADS=T instead of
#                         appending --threads T (do not combine with TSAN: libgomp is not
#                         instrumented, so ThreadSanitizer reports false races)
#     TIMEOUT             seconds per run before "possible deadlock" (default 20)
#     BAD_ARGS            argument sets the solution must refuse (NAME.solution.cli)
#   The grader also records each verdict for ./workbook list (build/<preset>/progress/), grades
#   a program whose last build failed as "does not compile" (the front door saves the
#   compiler's output per exercise), and on failure prints the "If you see" lines of the
#   exercise's section in exercises/NN_topic/hints.md; `./workbook hint NN NAME` gives its
#   levels one at a time (the format: tests/grader/hints.hpp).
#   With WORKBOOK_SELFCHECK the grader is checked in both directions: NAME.stub (the
#   untouched stub must fail), NAME.mutant.M for each tests/mutants/NN_topic/NAME.M.mutant
#   (must fail; a mutant with a `needs: tsan` line only where ThreadSanitizer runs),
#   NAME.alternative.A for each tests/alternatives/NN_topic/NAME.A.alternative (the solution
#   with a few lines changed, a find/replace spec like a mutant's) or NAME.A.cpp (a program
#   written from scratch) (must pass), and NAME.lint (no TODO( in the solution, a TODO(NN)
#   in the stub, hints in the levelled format, at least two mutants and one alternative).
#
# MPI programs (lessons 06, 07, 12) add RANKS: the program links workbook::mpi and every
# test starts it through bin/wb_mpiexec (the configured launcher, oversubscribed where the
# ranks exceed the cores, the root-only Open MPI variables set only as root):
#   workbook_add_demo(... RANKS n [BAD_RANKS n...])      run on n ranks; NAME.cli on n ranks,
#                                                       and each BAD_RANKS count must be refused
#   workbook_add_exercise(... RANKS 2 3 4 [BAD_RANKS 1]) every run at every rank count
#                                                       (with THREADS: every combination)
#   workbook_add_bench(... RANKS n)                     its own main(); the Python peer on n ranks too
#   In a lesson text: <!-- output: mpiexec -n 4 06_mpi.hello_mpi | rules -->
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

include(GoogleTest)  # gtest_discover_tests, for lessons with unit tests of their own
get_filename_component(WORKBOOK_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set(WORKBOOK_DEFAULT_TIMEOUT 20)

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
  cmake_parse_arguments(B "" "PYTHON;RANKS" "SOURCES;LIBRARIES" ${ARGN})
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
  endif()
  _workbook_umbrella(${nn} benches ${name} wb_bench_report)
  set(peer "-")
  if(B_PYTHON)
    set(peer ${CMAKE_CURRENT_SOURCE_DIR}/${B_PYTHON})
    workbook_add_python_test(${name}.python SCRIPT ${B_PYTHON} ARGS --quick RANKS ${B_RANKS} LABELS bench TIMEOUT 120)
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_BENCHES "${nn}\t${name}\t${peer}\t${B_RANKS}")
endfunction()

# Builds one graded variant of an exercise (and its ThreadSanitizer twin when asked).
# Every graded program checks its container indices (_GLIBCXX_ASSERTIONS): a student's
# index past the end stops at once with "Assertion '__n < this->size()' failed" instead of
# corrupting memory and dying later with no word (a thread that captured the loop's `t` by
# reference, a tile that runs past the matrix). Solution and student pay the same.
function(_workbook_variant target tsan)
  _workbook_program(${target} ${ARGN})
  target_compile_definitions(${target} PRIVATE _GLIBCXX_ASSERTIONS)
  if(tsan)
    _workbook_program(${target}.tsan TSAN_TWIN ${ARGN})
    target_compile_definitions(${target}.tsan PRIVATE _GLIBCXX_ASSERTIONS)
  endif()
endfunction()

# Registers one grading test: `actual` graded against the solution. Called from
# workbook_add_exercise, whose variables it reads: name, grade_rules, use_twin, ctest_timeout.
function(_workbook_grade test actual)
  cmake_parse_arguments(G "EXPECT_FAIL;STUB" "SOURCE" "LABELS" ${ARGN})
  set(cmd $<TARGET_FILE:wb_grade> --name ${name} --expected $<TARGET_FILE:${name}.solution>
      --actual $<TARGET_FILE:${actual}> --source ${G_SOURCE} --root ${WORKBOOK_ROOT} ${grade_rules})
  if(E_RANKS)
    list(APPEND cmd --launcher ${WORKBOOK_MPI_LAUNCHER})
  endif()
  if(use_twin)
    list(APPEND cmd --actual-tsan $<TARGET_FILE:${actual}.tsan>)
  endif()
  if(G_EXPECT_FAIL)
    list(APPEND cmd --expect-fail)
  endif()
  if(G_STUB)
    list(APPEND cmd --stub)
  endif()
  if(G_LABELS MATCHES "exercise")
    # What ./workbook list reads, and the compiler's output that the front door saves for
    # each exercise (a program that does not compile is graded so, with its first error).
    list(APPEND cmd --status-file ${PROJECT_BINARY_DIR}/progress/${name}
                    --build-log ${PROJECT_BINARY_DIR}/progress/${name}.build.log)
  endif()
  add_test(NAME ${test} COMMAND ${cmd})
  set_tests_properties(${test} PROPERTIES LABELS "${G_LABELS}" TIMEOUT ${ctest_timeout} SKIP_RETURN_CODE 77)
  if(E_RANKS)
    list(GET E_RANKS -1 most_ranks)
    _workbook_mpi_test_properties(${test} ${most_ranks})
  endif()
endfunction()

# Builds NAME.KIND.V from a spec (tests/mutants/.../NAME.V.mutant or
# tests/alternatives/.../NAME.V.alternative): the solution with the spec's find/replace
# edits applied by wb_mutate at build time. Sets `target` in the caller. Called from
# workbook_add_exercise, whose variables it reads: name, short, sol_dir, E_SOURCES,
# main_source, use_twin, E_LIBRARIES.
function(_workbook_spec_variant spec kind)
  cmake_path(GET spec STEM LAST_ONLY stem)
  string(REGEX REPLACE "^${short}\\." "" variant ${stem})
  set(target ${name}.${kind}.${variant})
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/${kind}s/${short}.${variant})
  file(STRINGS ${spec} file_line REGEX "^file:")
  set(edited ${main_source})
  if(file_line MATCHES "^file:[ \t]*(.+)$")
    set(edited ${CMAKE_MATCH_1})
  endif()
  set(variant_sources)
  foreach(src IN LISTS E_SOURCES)
    if(src STREQUAL edited)
      add_custom_command(OUTPUT ${gen_dir}/${src}
        COMMAND wb_mutate ${spec} ${sol_dir}/${src} ${gen_dir}/${src}
        DEPENDS wb_mutate ${spec} ${sol_dir}/${src}
        COMMENT "Making ${kind} ${target}")
      list(APPEND variant_sources ${gen_dir}/${src})
    else()
      list(APPEND variant_sources ${sol_dir}/${src})
    endif()
  endforeach()
  _workbook_variant(${target} ${use_twin} SOURCES ${variant_sources} LIBRARIES ${E_LIBRARIES})
  target_include_directories(${target} PRIVATE ${sol_dir})
  set(target ${target} PARENT_SCOPE)
endfunction()

function(workbook_add_exercise name)
  cmake_parse_arguments(E "TSAN;OPENMP" "COMPARE;TIMEOUT" "SOURCES;RUNS;THREADS;RANKS;MASKS;TOLERANCE;LIBRARIES;BAD_ARGS;BAD_RANKS" ${ARGN})
  _workbook_parse_name(${name})
  set(ex_dir ${WORKBOOK_ROOT}/exercises/${lesson})
  set(sol_dir ${WORKBOOK_ROOT}/solutions/${lesson})
  set(hints ${ex_dir}/hints.md)
  if(NOT E_COMPARE)
    set(E_COMPARE exact)
  endif()
  if(NOT E_TIMEOUT)
    set(E_TIMEOUT ${WORKBOOK_DEFAULT_TIMEOUT})
  endif()
  if(NOT E_RUNS)
    set(E_RUNS "<no arguments>")  # a CMake list cannot hold one empty element
  endif()
  list(GET E_SOURCES 0 main_source)
  if(E_OPENMP)
    list(APPEND E_LIBRARIES OpenMP::OpenMP_CXX)
  endif()
  if(E_RANKS)
    _workbook_require_mpi(${name})
    list(APPEND E_LIBRARIES workbook::mpi)
    if(E_TSAN)
      message(FATAL_ERROR "workbook: ${name}: RANKS and TSAN do not go together (Open MPI is not instrumented)")
    endif()
  endif()

  # The grading rules, as the grader's options.
  set(grade_rules --hints ${hints} --timeout ${E_TIMEOUT})
  if(E_COMPARE STREQUAL "unordered")
    list(APPEND grade_rules --unordered)
  elseif(NOT E_COMPARE STREQUAL "exact")
    message(FATAL_ERROR "workbook: ${name}: COMPARE must be exact or unordered")
  endif()
  foreach(mask IN LISTS E_MASKS)
    list(APPEND grade_rules --mask ${mask})
  endforeach()
  foreach(tol IN LISTS E_TOLERANCE)
    if(tol MATCHES "^(abs|rel)=(.+)$")
      list(APPEND grade_rules --${CMAKE_MATCH_1}-tol ${CMAKE_MATCH_2})
    else()
      message(FATAL_ERROR "workbook: ${name}: TOLERANCE takes abs=X and rel=Y, not '${tol}'")
    endif()
  endforeach()
  # Every argument set at every thread count and rank count: a split that only works for
  # some counts fails.
  set(thread_counts ${E_THREADS})
  if(NOT thread_counts)
    set(thread_counts 0)  # 0: no thread count given
  endif()
  set(rank_counts ${E_RANKS})
  if(NOT rank_counts)
    set(rank_counts 0)  # 0: not an MPI program
  endif()
  set(run_count 0)
  foreach(run IN LISTS E_RUNS)
    if(run STREQUAL "<no arguments>")
      set(run "")
    endif()
    foreach(r IN LISTS rank_counts)
      foreach(t IN LISTS thread_counts)
        set(line "${run}")
        if(t GREATER 0 AND E_OPENMP)
          # OpenMP programs take their thread count from the environment.
          set(line "OMP_NUM_THREADS=${t} ${line}")
        elseif(t GREATER 0)
          set(line "${line} --threads ${t}")
        endif()
        if(r GREATER 0)
          # The grader starts these through the launcher: wb_mpiexec r PROGRAM ARGS.
          set(line "ranks=${r} ${line}")
        endif()
        string(STRIP "${line}" line)
        if(line STREQUAL "")
          set(line "<no arguments>")  # an empty argument would vanish from the test's command
        endif()
        list(APPEND grade_rules --run "${line}")
        math(EXPR run_count "${run_count} + 1")
      endforeach()
    endforeach()
  endforeach()
  if(WORKBOOK_SANITIZER STREQUAL "thread")
    list(APPEND grade_rules --actual-is-tsan)
  endif()
  set(use_twin OFF)
  if(E_TSAN AND WORKBOOK_TSAN_TWINS)
    set(use_twin ON)
  endif()
  # Each run starts two programs (three with a twin), each with its own timeout.
  math(EXPR ctest_timeout "${run_count} * ${E_TIMEOUT} * 3 + 30")

  list(TRANSFORM E_SOURCES PREPEND ${ex_dir}/ OUTPUT_VARIABLE ex_sources)
  list(TRANSFORM E_SOURCES PREPEND ${sol_dir}/ OUTPUT_VARIABLE sol_sources)
  _workbook_variant(${name}.exercise ${use_twin} SOURCES ${ex_sources} LIBRARIES ${E_LIBRARIES})
  _workbook_variant(${name}.solution ${use_twin} SOURCES ${sol_sources} LIBRARIES ${E_LIBRARIES})
  _workbook_umbrella(${nn} exercises wb_grade wb_hint ${name}.exercise ${name}.solution)
  if(use_twin)
    _workbook_umbrella(${nn} exercises ${name}.exercise.tsan ${name}.solution.tsan)
  endif()
  list(GET rank_counts 0 cli_ranks)
  if(cli_ranks EQUAL 0)
    set(cli_ranks "")
  endif()
  _workbook_cli_test(${name}.solution ${nn} RANKS ${cli_ranks} BAD_ARGS ${E_BAD_ARGS} BAD_RANKS ${E_BAD_RANKS})
  _workbook_grade(${name}.exercise ${name}.exercise LABELS "lesson${nn};exercise" SOURCE ${ex_dir}/${main_source})
  _workbook_grade(${name}.solution ${name}.solution LABELS "lesson${nn};solution" SOURCE ${sol_dir}/${main_source})
  # The front door builds these one exercise at a time, so that a compile error is the
  # result of the exercise it is in: the student's program and its ThreadSanitizer twin.
  set(student_targets ${name}.exercise)
  if(use_twin)
    list(APPEND student_targets ${name}.exercise.tsan)
  endif()
  list(JOIN student_targets "," student_targets)
  # Two more columns for the reliability suite: the first graded run's arguments ("-" for
  # none) and the rank count of an MPI exercise (empty otherwise).
  list(GET E_RUNS 0 first_run)
  if(first_run STREQUAL "<no arguments>")
    set(first_run "-")
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_EXERCISES
               "${nn}\t${lesson}\t${short}\t${ex_dir}/${main_source}\t${student_targets}\t${first_run}\t${cli_ranks}")

  if(NOT WORKBOOK_SELFCHECK)
    return()
  endif()
  set(selfcheck_labels "lesson${nn};selfcheck")
  # The untouched stub must fail: a grader that passes a stub grades nothing.
  # (A stub the student has edited is skipped: see wb_grade --stub.)
  _workbook_grade(${name}.stub ${name}.exercise EXPECT_FAIL STUB LABELS "${selfcheck_labels};stub" SOURCE ${ex_dir}/${main_source})

  # Known-wrong variants: the solution with one mistake put in by wb_mutate.
  file(GLOB mutants CONFIGURE_DEPENDS ${WORKBOOK_ROOT}/tests/mutants/${lesson}/${short}.*.mutant)
  foreach(spec IN LISTS mutants)
    _workbook_spec_variant(${spec} mutant)
    _workbook_grade(${target} ${target} EXPECT_FAIL LABELS "${selfcheck_labels};mutant" SOURCE ${spec})
    # A race that prints the right answer is only caught by ThreadSanitizer: without it
    # (the asan preset) the test is reported as not run rather than failing.
    file(STRINGS ${spec} needs_line REGEX "^needs:[ \t]*tsan")
    if(needs_line AND NOT use_twin AND NOT WORKBOOK_SANITIZER STREQUAL "thread")
      set_tests_properties(${target} PROPERTIES DISABLED TRUE)
    endif()
  endforeach()

  # Correct but differently written: must pass, or the grader is too strict. Either the
  # solution with a few lines changed (NAME.A.alternative, a find/replace spec like a
  # mutant's) or a whole program of its own (NAME.A.cpp, written from scratch).
  file(GLOB alternatives CONFIGURE_DEPENDS ${WORKBOOK_ROOT}/tests/alternatives/${lesson}/${short}.*.cpp)
  foreach(alt IN LISTS alternatives)
    cmake_path(GET alt STEM LAST_ONLY stem)
    string(REGEX REPLACE "^${short}\\." "" alternative ${stem})
    set(target ${name}.alternative.${alternative})
    set(alt_sources ${sol_sources})
    list(REMOVE_AT alt_sources 0)
    _workbook_variant(${target} ${use_twin} SOURCES ${alt} ${alt_sources} LIBRARIES ${E_LIBRARIES})
    _workbook_grade(${target} ${target} LABELS "${selfcheck_labels};alternative" SOURCE ${alt})
  endforeach()
  file(GLOB alternative_specs CONFIGURE_DEPENDS ${WORKBOOK_ROOT}/tests/alternatives/${lesson}/${short}.*.alternative)
  foreach(spec IN LISTS alternative_specs)
    _workbook_spec_variant(${spec} alternative)
    _workbook_grade(${target} ${target} LABELS "${selfcheck_labels};alternative" SOURCE ${spec})
  endforeach()
  list(APPEND alternatives ${alternative_specs})

  list(LENGTH mutants mutant_count)
  list(LENGTH alternatives alternative_count)
  # Lists travel to the script joined by '|' (a ';' would split the command line).
  list(JOIN ex_sources "|" stubs)
  list(JOIN sol_sources "|" solutions)
  add_test(NAME ${name}.lint COMMAND ${CMAKE_COMMAND}
    -DNAME=${short} -DNN=${nn} -DHINTS=${hints} -DHINT_TOOL=$<TARGET_FILE:wb_hint>
    -DMUTANTS=${mutant_count} -DALTERNATIVES=${alternative_count}
    -DSTUBS=${stubs} -DSOLUTIONS=${solutions}
    -P ${WORKBOOK_ROOT}/tests/lint_exercise.cmake)
  set_tests_properties(${name}.lint PROPERTIES LABELS "${selfcheck_labels}" TIMEOUT 30)
endfunction()

# The lesson text (lessons/NN_topic/README.md) shows real output of its programs; this
# test runs them and checks the text still tells the truth (see tests/doccheck.cpp).
function(workbook_check_lesson_text lesson)
  set(readme ${WORKBOOK_ROOT}/lessons/${lesson}/README.md)
  string(SUBSTRING ${lesson} 0 2 nn)
  add_test(NAME ${lesson}.lesson_text COMMAND wb_doccheck ${PROJECT_BINARY_DIR}/bin ${readme})
  set_tests_properties(${lesson}.lesson_text PROPERTIES LABELS "docs;lesson${nn}" TIMEOUT 300)
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
endfunction()
