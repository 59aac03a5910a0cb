using System;
using ModelGen.Compiler;
using Xunit;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// The weights' content hash (ContentHash, one source file in the compiler and the runtime) that generated code embeds
/// at build time and checks at load time: the word-at-a-time read must give the value of its definition (FNV-1a over
/// little-endian 8-byte words, then the bytes left, then a finaliser), or every model built before would refuse its weights.
/// </summary>
public class ContentHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4099)]
    public void The_hash_is_its_definition(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Definition(data), ModelCompiler.HashOf(data));
    }

    private static ulong Definition(byte[] data)
    {
        const ulong prime = 0x100000001B3UL;
        ulong h = 0xCBF29CE484222325UL ^ (ulong)data.Length;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong word = 0;
            for (int b = 0; b < 8; b++) word |= (ulong)data[i + b] << (8 * b);
            h = (h ^ word) * prime;
        }
        for (; i < data.Length; i++) h = (h ^ data[i]) * prime;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }
}
