/// @file cuda_twin.hpp
/// @brief The CUDA side of cuda_twin: the same saxpy and pi reduction as the lesson's
/// directives, written as CUDA kernels (cuda_twin.cu, compiled by nvcc), and the driver's
/// device-to-device copy rate. Plain C++ types only, so the program around it is ordinary
/// g++ code.
#pragma once

#include <string>

namespace lesson13::cuda {

/// The first CUDA device, or why there is none.
struct Device {
    bool present = false;
    std::string name_or_reason;  ///< "NVIDIA H100 80GB HBM3", or "no CUDA device: ..."
    double free_bytes = 0;       ///< what cudaMemGetInfo says is free (CUDA can tell; OpenMP cannot)
};

Device first_device();

/// Best-of-`repeats` times of each kernel, and the checks of their answers.
struct Figures {
    double saxpy_seconds = 0;  ///< z = a x + y over n floats, one element per thread
    double copy_seconds = 0;   ///< cudaMemcpy of n floats, device to device
    double pi_seconds = 0;     ///< pi over `steps` steps: a block reduction, then one atomicAdd a block
    double pi = 0;
    bool saxpy_right = false;  ///< every element of z exactly right
};

/// Runs the kernels on the first device. Throws std::runtime_error with CUDA's own words
/// when a call fails.
Figures measure(long n, long steps, int repeats);

}  // namespace lesson13::cuda
