# WorkbookSelfCheck.cmake: the grader checked in both directions, for every exercise that
# workbook_add_exercise declares (WORKBOOK_SELFCHECK, on in the ci preset):
#   NAME.stub                 the untouched stub must fail: a grader that passes a stub
#                             grades nothing (a stub the student has edited is skipped)
#   NAME.mutant.M             each known-wrong variant must fail: the solution with one
#                             mistake, tests/mutants/NN_topic/NAME.M.mutant (`needs: tsan`:
#                             only ThreadSanitizer sees it; `needs: gpu`: only a GPU does,
#                             skipped with that reason elsewhere)
#   NAME.alternative.A        each correct but differently written program must pass, or
#                             the grader is too strict: the solution with a few lines
#                             changed (NAME.A.alternative) or, where most lines differ, a
#                             program of its own (NAME.A.cpp), in tests/alternatives/NN_topic/
#   NAME.lint                 the stub has TODO(NN) holes and compiles, the hints have the
#                             levelled format, there are at least two mutants and one
#                             alternative (tests/lint_exercise.cmake)
# A variant spec (a .mutant or .alternative file) is a find/replace of the solution's text,
# applied by wb_mutate at build time (tools/mutate.cpp), so it never repeats the rest of the
# solution and never goes stale silently.

# Builds the variant of exercise NAME that FILE describes (a spec, or a whole program that
# replaces the solution's first source) and sets OUT to its target, NAME.KIND.VARIANT.
function(_workbook_selfcheck_variant out name)
  cmake_parse_arguments(V "TWIN" "KIND;FILE" "SOURCES;LIBRARIES" ${ARGN})
  _workbook_parse_name(${name})
  set(sol_dir ${WORKBOOK_ROOT}/solutions/${lesson})
  cmake_path(GET V_FILE STEM LAST_ONLY stem)
  string(REGEX REPLACE "^${short}\\." "" variant ${stem})
  set(target ${name}.${V_KIND}.${variant})
  list(GET V_SOURCES 0 edited)
  if(V_FILE MATCHES "\\.cpp$")
    set(replacement ${V_FILE})  # a program of its own
  else()
    file(STRINGS ${V_FILE} file_line REGEX "^file:")
    if(file_line MATCHES "^file:[ \t]*(.+)$")
      set(edited ${CMAKE_MATCH_1})  # a spec may edit another of the sources
    endif()
    set(replacement ${CMAKE_CURRENT_BINARY_DIR}/${V_KIND}s/${short}.${variant}/${edited})
    add_custom_command(OUTPUT ${replacement}
      COMMAND wb_mutate ${V_FILE} ${sol_dir}/${edited} ${replacement}
      DEPENDS wb_mutate ${V_FILE} ${sol_dir}/${edited}
      COMMENT "Making ${V_KIND} ${target}")
  endif()
  set(sources "")
  foreach(src IN LISTS V_SOURCES)
    if(src STREQUAL edited)
      list(APPEND sources ${replacement})
    else()
      list(APPEND sources ${sol_dir}/${src})
    endif()
  endforeach()
  set(twin "")
  if(V_TWIN)
    set(twin TWIN)
  endif()
  _workbook_variant(${target} ${twin} SOURCES ${sources} LIBRARIES ${V_LIBRARIES})
  target_include_directories(${target} PRIVATE ${sol_dir})  # the solution's own headers
  set(${out} ${target} PARENT_SCOPE)
endfunction()

# The self-check tests of exercise NAME (see the top of this file). SOURCES and LIBRARIES
# as the exercise was declared with; GRADING: the exercise's grading settings (see
# workbook_add_exercise), which include TWIN where a ThreadSanitizer twin is built.
function(_workbook_exercise_selfcheck name)
  cmake_parse_arguments(S "" "" "SOURCES;LIBRARIES;GRADING" ${ARGN})
  _workbook_parse_name(${name})
  set(ex_dir ${WORKBOOK_ROOT}/exercises/${lesson})
  set(sol_dir ${WORKBOOK_ROOT}/solutions/${lesson})
  list(GET S_SOURCES 0 main_source)
  set(twin "")
  if("TWIN" IN_LIST S_GRADING)
    set(twin TWIN)
  endif()
  set(labels "lesson${nn};selfcheck")

  _workbook_grade(${name}.stub ACTUAL ${name}.exercise EXPECT_FAIL STUB LABELS "${labels};stub"
                  SOURCE ${ex_dir}/${main_source} ${S_GRADING})

  # Mutants must fail, alternatives must pass: one loop for both.
  set(counts "")
  foreach(kind IN ITEMS mutant alternative)
    file(GLOB variants CONFIGURE_DEPENDS ${WORKBOOK_ROOT}/tests/${kind}s/${lesson}/${short}.*.${kind})
    if(kind STREQUAL "alternative")
      file(GLOB programs CONFIGURE_DEPENDS ${WORKBOOK_ROOT}/tests/alternatives/${lesson}/${short}.*.cpp)
      list(APPEND variants ${programs})
    endif()
    set(expect "")
    if(kind STREQUAL "mutant")
      set(expect EXPECT_FAIL)
    endif()
    foreach(file IN LISTS variants)
      # A mutant is caught by its output unless its spec says `needs: tsan` (a race that
      # prints the right answer): only those get a ThreadSanitizer twin. The others would
      # never run theirs (the sanitized runs come once the output is right), and without it a
      # mutant whose output passes fails the check, as it should: its spec is wrong.
      # Alternatives keep the twin: a correct program must pass under ThreadSanitizer too.
      file(STRINGS ${file} needs_tsan_line REGEX "^needs:[ \t]*tsan")
      set(variant_twin ${twin})
      set(variant_grading ${S_GRADING})
      if(kind STREQUAL "mutant" AND NOT needs_tsan_line)
        set(variant_twin "")
        list(REMOVE_ITEM variant_grading TWIN)
      endif()
      _workbook_selfcheck_variant(target ${name} KIND ${kind} FILE ${file} SOURCES ${S_SOURCES}
                                  LIBRARIES ${S_LIBRARIES} ${variant_twin})
      # A mapping mistake of an offload exercise is only visible on a GPU (`needs: gpu`):
      # elsewhere the grader skips the variant and says why (label gpu).
      file(STRINGS ${file} needs_gpu_line REGEX "^needs:[ \t]*gpu")
      set(needs_gpu "")
      set(gpu_label "")
      if(needs_gpu_line)
        set(needs_gpu NEEDS_GPU)
        set(gpu_label ";gpu")
      endif()
      _workbook_grade(${target} ACTUAL ${target} ${expect} ${needs_gpu} LABELS "${labels};${kind}${gpu_label}"
                      SOURCE ${file} ${variant_grading})
      # A race that prints the right answer is only caught by ThreadSanitizer: without it
      # (the asan preset) the test is reported as not run rather than failing.
      if(needs_tsan_line AND NOT twin AND NOT WORKBOOK_SANITIZER STREQUAL "thread")
        set_tests_properties(${target} PROPERTIES DISABLED TRUE)
      endif()
    endforeach()
    list(LENGTH variants count)
    list(APPEND counts ${count})
  endforeach()
  list(GET counts 0 mutant_count)
  list(GET counts 1 alternative_count)

  # Lists travel to the script joined by '|' (a ';' would split the command line).
  list(TRANSFORM S_SOURCES PREPEND ${ex_dir}/ OUTPUT_VARIABLE stubs)
  list(TRANSFORM S_SOURCES PREPEND ${sol_dir}/ OUTPUT_VARIABLE solutions)
  list(JOIN stubs "|" stubs)
  list(JOIN solutions "|" solutions)
  add_test(NAME ${name}.lint COMMAND ${CMAKE_COMMAND}
    -DNAME=${short} -DNN=${nn} -DHINTS=${ex_dir}/hints.md -DHINT_TOOL=$<TARGET_FILE:wb_hint>
    -DMUTANTS=${mutant_count} -DALTERNATIVES=${alternative_count}
    -DSTUBS=${stubs} -DSOLUTIONS=${solutions}
    -P ${WORKBOOK_ROOT}/tests/lint_exercise.cmake)
  set_tests_properties(${name}.lint PROPERTIES LABELS "${labels}" TIMEOUT 30)
endfunction()
