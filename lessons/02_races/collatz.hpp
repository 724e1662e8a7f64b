/// @file collatz.hpp
/// @brief The arithmetic of exercise `fix_the_race` (stub, solution and alternatives alike),
/// which is not what the exercise is about: the steps of a Collatz chain, its bin in the
/// histogram, and the rule that decides the record.
#pragma once

#include <algorithm>
#include <cstddef>

namespace lesson02 {

/// The Collatz rule: halve an even number, make an odd one 3x + 1. The steps from x down to 1.
inline int collatz_steps(long x) {
    int steps = 0;
    while (x != 1) {
        x = x % 2 == 0 ? x / 2 : 3 * x + 1;
        ++steps;
    }
    return steps;
}

/// Chains are counted by length in bins of 100 steps (the chains of 1 .. 10^7 have at most 685).
inline constexpr int bin_width = 100;
inline constexpr std::size_t bins = 7;

/// The histogram bin of a chain `steps` long.
inline std::size_t bin_of(int steps) { return std::min(static_cast<std::size_t>(steps / bin_width), bins - 1); }

/// A record: the number whose chain is the longest seen so far.
struct Longest {
    long number = 0;
    int steps = -1;
};

/// Whether the chain of `number`, `steps` long, beats `best`: it is longer, or just as long
/// and starts from a smaller number. With this rule the record does not depend on which
/// thread saw which number first.
inline bool beats(long number, int steps, const Longest& best) {
    return steps > best.steps || (steps == best.steps && number < best.number);
}

}  // namespace lesson02
