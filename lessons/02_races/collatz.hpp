/// @file collatz.hpp
/// @brief The arithmetic of exercise `fix_the_race` (stub, solution and alternatives alike),
/// which is not what the exercise is about: a Collatz chain's steps and peak, its bin in the
/// histogram, and the rule that decides each record.
#pragma once

#include <algorithm>
#include <cstddef>

namespace lesson02 {

/// What the chain from x down to 1 looks like.
struct Chain {
    int steps;  ///< how many steps it takes to reach 1
    long peak;  ///< the highest number on the way. For x <= 10^7 it can pass 6 * 10^13:
                ///< far beyond an int, whose largest value is 2147483647 (2^31 - 1).
};

/// The Collatz rule: halve an even number, make an odd one 3x + 1, until 1.
inline Chain chain_of(long x) {
    Chain chain{0, x};
    while (x != 1) {
        x = x % 2 == 0 ? x / 2 : 3 * x + 1;
        ++chain.steps;
        chain.peak = std::max(chain.peak, x);
    }
    return chain;
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

/// A record: the number whose chain climbs the highest seen so far.
struct Highest {
    long number = 0;
    long peak = 0;
};

/// Whether the chain of `number`, `steps` long, beats the record `best`: it is longer, or
/// just as long and starts from a smaller number. With this rule the record does not depend
/// on which thread saw which number first, nor on the order in which records are merged.
inline bool beats(long number, int steps, const Longest& best) {
    return steps > best.steps || (steps == best.steps && number < best.number);
}

/// Whether the chain of `number`, climbing to `peak`, beats the record `best`: it climbs
/// higher, or just as high and starts from a smaller number. The same rule as the other.
inline bool beats(long number, long peak, const Highest& best) {
    return peak > best.peak || (peak == best.peak && number < best.number);
}

}  // namespace lesson02
