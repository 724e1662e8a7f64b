# Compiler settings every workbook target links: warnings, code generation, sanitizers.
# Targets link `workbook::warnings`; dependency headers come in as SYSTEM includes through
# their imported targets, so their warnings never reach students.

add_library(workbook_warnings INTERFACE)
add_library(workbook::warnings ALIAS workbook_warnings)
target_compile_options(workbook_warnings INTERFACE
  -Wall                 # the common mistakes: unused variables, missing returns, ...
  -Wextra               # more of them: unused parameters, signed/unsigned comparisons
  -Wpedantic            # no GNU extensions: the code must build with any conforming compiler
  -Wshadow              # a local hiding another: a classic source of wrong thread captures
  -Wconversion          # silent narrowing (long -> int, double -> int) changes results
  -Wnon-virtual-dtor    # a base class (lesson 01's Thread) deleted through a base pointer
  -Wold-style-cast      # casts that say what they do: static_cast, reinterpret_cast
  -Woverloaded-virtual  # a run() that hides instead of overriding
  -Wformat=2            # printf-style format strings checked
  $<$<BOOL:${WORKBOOK_WERROR}>:-Werror>  # ci preset: a warning fails the build
)

# Code generation: -march=native uses this machine's vector units (AVX-512 here). Lesson 12
# explains why a login node's "native" is not a compute node's.
add_library(workbook_codegen INTERFACE)
target_compile_options(workbook_codegen INTERFACE $<$<BOOL:${WORKBOOK_NATIVE}>:-march=native>)

# Lesson 13's offload code: for NVIDIA GPUs where the offload compiler is installed (see the
# top CMakeLists.txt), else explicitly for the host only (-foffload=disable): a build must not
# depend on which offload packages happen to be installed (with gcc-12-offload-nvptx there
# and no -foffload, g++ builds for the default sm_35, which a CUDA 12 ptxas on PATH rejects).
add_library(workbook_offload INTERFACE)
if(WORKBOOK_OFFLOAD_NVPTX)
  target_compile_options(workbook_offload INTERFACE ${WORKBOOK_OFFLOAD_FLAGS})
  # -fopenmp at the link too: the device code is compiled there (mkoffload), and the
  # driver adds the offload table's begin and end only when it sees the option.
  target_link_options(workbook_offload INTERFACE -fopenmp ${WORKBOOK_OFFLOAD_FLAGS} -no-pie)
  target_compile_definitions(workbook_offload INTERFACE "WORKBOOK_OFFLOAD_TARGET=\"nvptx-none, -misa=${WORKBOOK_OFFLOAD_ARCH}\"")
else()
  target_compile_options(workbook_offload INTERFACE -foffload=disable)
  target_link_options(workbook_offload INTERFACE -foffload=disable)
endif()

# A whole-build sanitizer (the tsan and asan presets).
add_library(workbook_sanitizer INTERFACE)
if(WORKBOOK_SANITIZER STREQUAL "thread")
  target_compile_options(workbook_sanitizer INTERFACE -fsanitize=thread -g)
  target_link_options(workbook_sanitizer INTERFACE -fsanitize=thread)
elseif(WORKBOOK_SANITIZER STREQUAL "address")
  target_compile_options(workbook_sanitizer INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -g)
  target_link_options(workbook_sanitizer INTERFACE -fsanitize=address,undefined)
elseif(NOT WORKBOOK_SANITIZER STREQUAL "")
  message(FATAL_ERROR "WORKBOOK_SANITIZER must be '', 'thread' or 'address', not '${WORKBOOK_SANITIZER}'")
endif()
set(WORKBOOK_SANITIZED OFF)
if(WORKBOOK_SANITIZER)
  set(WORKBOOK_SANITIZED ON)
endif()
add_feature_info(sanitizer WORKBOOK_SANITIZED "whole build sanitized (${WORKBOOK_SANITIZER})")

# ThreadSanitizer twins: one program built a second time with -fsanitize=thread, so a
# race that happens to print the right number still fails its grading. Not in a
# sanitizer build (ASan and TSan cannot mix; in the tsan preset everything is TSan already).
if(NOT WORKBOOK_SANITIZER STREQUAL "")
  set(WORKBOOK_TSAN_TWINS OFF)
endif()
add_library(workbook_tsan_twin INTERFACE)
target_compile_options(workbook_tsan_twin INTERFACE -fsanitize=thread -g -O1)
target_link_options(workbook_tsan_twin INTERFACE -fsanitize=thread)
add_feature_info(tsan_twins WORKBOOK_TSAN_TWINS "ThreadSanitizer twins of race-prone exercises")
