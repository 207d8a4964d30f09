using System.Text;

namespace FaceMetric.Numerics;

/// <summary>
/// The parts of <c>dlib::rand</c> (dlib/rand/rand_kernel_1.h) that Chinese Whispers and the jitter use, reproduced exactly.
/// </summary>
/// <remarks>
/// Seeding: an empty seed string seeds MT19937 with 5489 (<c>mt.seed()</c>); any other string seeds it with
/// <c>s = s*37 + (uint32)(char)c</c> over its bytes, with <c>char</c> signed as on x86 Linux (a .NET string is
/// taken as its UTF-8 bytes). Either way 10,000 outputs are then discarded ("prime the generator a bit").
/// <see cref="Next64"/> is <c>(a &lt;&lt; 32) | b</c> with <c>a</c> drawn first. Not thread-safe.
/// </remarks>
internal sealed class DlibRandom
{
    private const int DiscardedOutputs = 10000;
    private const uint DefaultSeed = 5489;
    private const double MachineEpsilon = 2.220446049250313e-16; // C++ numeric_limits<double>::epsilon()

    private readonly MersenneTwister19937 _twister;

    /// <summary>Creates the generator as <c>dlib::rand rnd; rnd.set_seed(seed);</c> would.</summary>
    /// <param name="seed">The seed string; null or empty gives dlib's default-constructed state.</param>
    public DlibRandom(string? seed)
    {
        _twister = new MersenneTwister19937(HashSeed(seed));
        for (int i = 0; i < DiscardedOutputs; i++)
        {
            _twister.Next();
        }
    }

    /// <summary><c>get_random_32bit_number()</c>.</summary>
    public uint Next32() => _twister.Next();

    /// <summary><c>get_random_64bit_number()</c>: two 32-bit outputs, the first in the high half.</summary>
    public ulong Next64()
    {
        ulong high = _twister.Next();
        ulong low = _twister.Next();
        return (high << 32) | low;
    }

    /// <summary>
    /// <c>get_random_double()</c>: 48 random bits (two 24-bit draws, the first high) divided by
    /// <c>2^48 - 1 + 0.05</c>, so the value lies in [0, 1).
    /// </summary>
    public double NextDouble()
    {
        const double maxValue = (((double)0xFFFFFF * 0x1000000) + 0xFFFFFF) + 0.05;
        double value = _twister.Next() & 0xFFFFFF;
        value *= 0x1000000;
        value += _twister.Next() & 0xFFFFFF;
        value /= maxValue;
        return value < 1.0 ? value : 1.0 - MachineEpsilon;
    }

    /// <summary><c>get_double_in_range(begin, end)</c>: <c>begin + NextDouble() * (end - begin)</c>.</summary>
    public double NextDouble(double begin, double end) => begin + (NextDouble() * (end - begin));

    private static uint HashSeed(string? seed)
    {
        if (string.IsNullOrEmpty(seed))
        {
            return DefaultSeed;
        }

        uint s = 0;
        foreach (byte b in Encoding.UTF8.GetBytes(seed))
        {
            // static_cast<uint32>(char): char is signed, so bytes >= 0x80 sign-extend.
            s = unchecked((s * 37u) + (uint)(int)(sbyte)b);
        }

        return s;
    }
}
