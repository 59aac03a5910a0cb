using System;
using System.Buffers.Binary;
using System.Text;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime
{
    /// <summary>
    /// The byte encoding of string tensors in the untyped <see cref="ICompiledModel"/> API and in <see cref="TensorBuffer"/>:
    /// the elements in row-major order, each as its UTF-8 byte length (a little-endian int32) followed by those bytes.
    /// An empty string is four zero bytes; the encoding has no header, so the element count comes from the dims.
    /// </summary>
    public static class StringTensor
    {
        /// <summary>Bytes <see cref="Encode(ReadOnlySpan{string}, Span{byte})"/> writes for <paramref name="values"/>.</summary>
        /// <param name="values">The elements (null counts as "").</param>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int EncodedLength(ReadOnlySpan<string> values)
        {
            long total = 0;
            foreach (var s in values) total += 4 + Encoding.UTF8.GetByteCount(s ?? string.Empty);
            return checked((int)total);
        }

        /// <summary>Encodes <paramref name="values"/> into a new array.</summary>
        /// <param name="values">The elements (null counts as "").</param>
        public static byte[] Encode(ReadOnlySpan<string> values)
        {
            var bytes = new byte[EncodedLength(values)];
            Encode(values, bytes);
            return bytes;
        }

        /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/>; returns the bytes written.</summary>
        /// <param name="values">The elements (null counts as "").</param>
        /// <param name="destination">At least <see cref="EncodedLength"/> bytes.</param>
        /// <exception cref="ArgumentException">The destination is too short.</exception>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Encode(ReadOnlySpan<string> values, Span<byte> destination)
        {
            if (destination.Length < EncodedLength(values)) throw new ArgumentException("The destination holds " + destination.Length + " bytes; the strings need " + EncodedLength(values) + ".", nameof(destination));
            int at = 0;
            foreach (var s in values)
            {
                int n = Encoding.UTF8.GetBytes(s ?? string.Empty, destination.Slice(at + 4));
                BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(at), n);
                at += 4 + n;
            }
            return at;
        }

        /// <summary>Decodes exactly <paramref name="count"/> elements.</summary>
        /// <param name="bytes">The encoding.</param>
        /// <param name="count">Elements expected (the product of the dims).</param>
        /// <exception cref="ArgumentException">The bytes are not <paramref name="count"/> encoded strings.</exception>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static string[] Decode(ReadOnlySpan<byte> bytes, int count)
        {
            var result = new string[count];
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                if (bytes.Length - at < 4) throw new ArgumentException("The encoding ends before string " + i + " of " + count + ".", nameof(bytes));
                int n = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(at));
                if (n < 0 || n > bytes.Length - at - 4) throw new ArgumentException("String " + i + " claims " + n + " bytes, more than the encoding holds.", nameof(bytes));
                result[i] = Encoding.UTF8.GetString(bytes.Slice(at + 4, n));
                at += 4 + n;
            }
            if (at != bytes.Length) throw new ArgumentException("The encoding holds " + (bytes.Length - at) + " bytes after its " + count + " strings.", nameof(bytes));
            return result;
        }
    }
}
