namespace FaceMetric.Numerics;

/// <summary>
/// MT19937 (Matsumoto and Nishimura, 1998), 32-bit: the generator behind <c>dlib::rand</c> and
/// <c>std::mt19937</c>. Seeding and output are the reference algorithm, so the stream is bit-identical to
/// dlib's <c>mersenne_twister&lt;uint32,32,624,397,31,0x9908b0df,11,7,0x9d2c5680,15,0xefc60000,18&gt;</c>.
/// </summary>
/// <remarks>Not thread-safe: one instance per run.</remarks>
internal sealed class MersenneTwister19937
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7fffffffu;

    private readonly uint[] _state = new uint[N];
    private int _index;

    /// <summary>Seeds the generator with the reference initialisation (<c>x[i] = 1812433253 * (x[i-1] ^ (x[i-1] >> 30)) + i</c>).</summary>
    /// <param name="seed">The 32-bit seed; 5489 is the standard default.</param>
    public MersenneTwister19937(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _index = N;
    }

    /// <summary>The next 32-bit output.</summary>
    public uint Next()
    {
        if (_index >= N)
        {
            Twist();
        }

        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        uint[] x = _state;
        for (int i = 0; i < N; i++)
        {
            uint y = (x[i] & UpperMask) | (x[(i + 1) % N] & LowerMask);
            uint next = x[(i + M) % N] ^ (y >> 1);
            x[i] = (y & 1u) != 0 ? next ^ MatrixA : next;
        }

        _index = 0;
    }
}
