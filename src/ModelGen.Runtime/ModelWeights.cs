using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Runtime
{
    /// <summary>
    /// The bytes of an .onnx file that generated code reads weights from, in place, at offsets the
    /// compiler computed at build time. Backed by the assembly's embedded resource (zero-copy: the
    /// resource is already mapped in memory) or by a file or stream loaded once into pinned memory.
    /// Immutable and safe to share between model instances and threads.
    /// </summary>
    public sealed unsafe class ModelWeights
    {
        private readonly byte* _base;
        // Keeps the memory alive: the resource stream, or the pinned array.
        private readonly object _owner;
        private readonly bool _trusted;
        // The content hash, computed on first use. A ulong? is 16 bytes and not written atomically, so two threads
        // constructing models over the same weights could read a torn value: the hash and its "computed" flag are
        // published separately, the flag last (Volatile), and recomputing it twice is harmless.
        private ulong _hash;
        private volatile bool _hashComputed;

        private ModelWeights(byte* basePointer, long length, object owner, bool trusted)
        {
            _base = basePointer;
            Length = length;
            _owner = owner;
            _trusted = trusted;
        }

        /// <summary>Length of the file in bytes.</summary>
        public long Length { get; }

        /// <summary>Opens the .onnx file that the ModelGen build targets embedded in <paramref name="assembly"/>.</summary>
        /// <exception cref="InvalidOperationException">The resource is missing (the build targets were not imported).</exception>
        public static ModelWeights FromEmbeddedResource(Assembly assembly, string resourceName)
        {
            ArgumentNullException.ThrowIfNull(assembly);
            var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException("The embedded model resource '" + resourceName + "' is missing from " + assembly.GetName().Name +
                    ". Reference ModelGen's build targets so the .onnx file is embedded, or load the weights with FromFile.");
            if (stream is UnmanagedMemoryStream unmanaged)
                return new ModelWeights(unmanaged.PositionPointer, unmanaged.Length, unmanaged, trusted: true);
            using (stream) return FromStreamCore(stream, trusted: true);
        }

        /// <summary>Loads an .onnx file into memory once.</summary>
        public static ModelWeights FromFile(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var stream = File.OpenRead(path);
            return FromStreamCore(stream, trusted: false);
        }

        /// <summary>Loads an .onnx file from a stream (read to its end).</summary>
        public static ModelWeights FromStream(Stream stream)
        {
            ArgumentNullException.ThrowIfNull(stream);
            return FromStreamCore(stream, trusted: false);
        }

        /// <summary>Wraps the bytes of an .onnx file (copied once into pinned memory).</summary>
        public static ModelWeights FromBytes(ReadOnlySpan<byte> bytes) => Pin(bytes, trusted: false);

        private static ModelWeights FromStreamCore(Stream stream, bool trusted)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Pin(copy.GetBuffer().AsSpan(0, checked((int)copy.Length)), trusted);
        }

        private static ModelWeights Pin(ReadOnlySpan<byte> bytes, bool trusted)
        {
            // Pinned, so the base pointer stays valid for the object's lifetime.
            var pinned = GC.AllocateUninitializedArray<byte>(bytes.Length, pinned: true);
            bytes.CopyTo(pinned);
            return Wrap(pinned, trusted);
        }

        private static ModelWeights Wrap(byte[] pinned, bool trusted) =>
            new ModelWeights((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)), pinned.Length, pinned, trusted);

        /// <summary>The whole file.</summary>
        public ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(_base, checked((int)Length));

        /// <summary>Content hash of the file (computed once).</summary>
        public ulong Hash
        {
            get
            {
                if (_hashComputed) return _hash;
                _hash = ContentHash.Compute(Bytes);
                _hashComputed = true;
                return _hash;
            }
        }

        /// <summary>
        /// Checks that these are the bytes the model was compiled from: the length always, the content
        /// hash for files loaded at run time (the embedded resource is the compiled file by construction).
        /// </summary>
        /// <exception cref="ArgumentException">A different file.</exception>
        public void EnsureMatches(long expectedLength, ulong expectedHash, string modelName)
        {
            if (Length != expectedLength || (!_trusted && Hash != expectedHash))
                throw new ArgumentException("These weights come from a different .onnx file than the one " + modelName + " was compiled from (" +
                    Length + " bytes, expected " + expectedLength + (_trusted ? "" : ", or the content differs") + "). Rebuild, or load the same file.");
        }

        /// <summary>
        /// <paramref name="count"/> elements at <paramref name="byteOffset"/>, read in place. The offset is only
        /// guaranteed 4-byte aligned by the file format, so consumers use unaligned loads (spans and vectors do).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<T> Get<T>(long byteOffset, int count) where T : unmanaged
        {
            if ((ulong)byteOffset + (ulong)count * (ulong)sizeof(T) > (ulong)Length) ThrowOutOfRange(byteOffset, count);
            GC.KeepAlive(_owner);
            return new ReadOnlySpan<T>(_base + byteOffset, count);
        }

        private static void ThrowOutOfRange(long offset, int count) =>
            throw new InvalidOperationException("Weight bytes at " + offset + " (" + count + " elements) lie outside the model file.");
    }
}
