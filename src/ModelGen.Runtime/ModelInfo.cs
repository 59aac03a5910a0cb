using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime
{
    /// <summary>Element types, numbered as ONNX's TensorProto.DataType.</summary>
    public enum TensorElementType
    {
        /// <summary>Not set.</summary>
        Undefined = 0,
        /// <summary>float (32-bit).</summary>
        Float = 1,
        /// <summary>byte.</summary>
        UInt8 = 2,
        /// <summary>sbyte.</summary>
        Int8 = 3,
        /// <summary>ushort.</summary>
        UInt16 = 4,
        /// <summary>short.</summary>
        Int16 = 5,
        /// <summary>int.</summary>
        Int32 = 6,
        /// <summary>long.</summary>
        Int64 = 7,
        /// <summary>string (not supported by generated code).</summary>
        String = 8,
        /// <summary>bool.</summary>
        Bool = 9,
        /// <summary>System.Half.</summary>
        Float16 = 10,
        /// <summary>double.</summary>
        Double = 11,
        /// <summary>uint.</summary>
        UInt32 = 12,
        /// <summary>ulong.</summary>
        UInt64 = 13,
        /// <summary>Numerics.BFloat16.</summary>
        BFloat16 = 16,
        /// <summary>Numerics.Float8E4M3FN.</summary>
        Float8E4M3FN = 17,
        /// <summary>Numerics.Float8E4M3FNUZ.</summary>
        Float8E4M3FNUZ = 18,
        /// <summary>Numerics.Float8E5M2.</summary>
        Float8E5M2 = 19,
        /// <summary>Numerics.Float8E5M2FNUZ.</summary>
        Float8E5M2FNUZ = 20,
        /// <summary>Numerics.UInt4 (one element per byte in memory; two per byte in ONNX files).</summary>
        UInt4 = 21,
        /// <summary>Numerics.Int4 (one element per byte in memory; two per byte in ONNX files).</summary>
        Int4 = 22,
        /// <summary>Numerics.Float4E2M1 (one element per byte in memory; two per byte in ONNX files).</summary>
        Float4E2M1 = 23,
        /// <summary>Numerics.Float8E8M0.</summary>
        Float8E8M0 = 24,
        /// <summary>Numerics.UInt2 (one element per byte in memory; four per byte in ONNX files).</summary>
        UInt2 = 25,
        /// <summary>Numerics.Int2 (one element per byte in memory; four per byte in ONNX files).</summary>
        Int2 = 26,
    }

    /// <summary>Name, element type and shape of a model input or output; symbolic dims appear by name.</summary>
    public sealed class TensorInfo
    {
        /// <summary>Creates the description.</summary>
        public TensorInfo(string name, TensorElementType elementType, string[] dims)
        {
            Name = name;
            ElementType = elementType;
            Dims = dims;
        }

        /// <summary>The tensor's name in the ONNX graph.</summary>
        public string Name { get; }

        /// <summary>Element type.</summary>
        public TensorElementType ElementType { get; }

        /// <summary>Dims as text: numbers, or symbolic expressions such as "batch" or "784*N".</summary>
        public IReadOnlyList<string> Dims { get; }

        /// <summary>True when every dim is a number.</summary>
        public bool IsStatic => Dims.All(d => long.TryParse(d, out _));

        /// <summary>Dims as numbers, given values for the symbolic dims.</summary>
        public long[] Resolve(IReadOnlyDictionary<string, long> symbols) => Dims.Select(d => DimText.Evaluate(d, symbols)).ToArray();

        /// <summary>"float[1,1,28,28]".</summary>
        public override string ToString() => ElementType.ToString().ToLowerInvariant() + "[" + string.Join(",", Dims) + "]";
    }

    /// <summary>What a compiled model takes and returns.</summary>
    public sealed class ModelInfo
    {
        /// <summary>Creates the description.</summary>
        public ModelInfo(string name, TensorInfo[] inputs, TensorInfo[] outputs, string[] symbolicDims)
        {
            Name = name;
            Inputs = inputs;
            Outputs = outputs;
            SymbolicDims = symbolicDims;
        }

        /// <summary>The generated class's name.</summary>
        public string Name { get; }

        /// <summary>Graph inputs, in Predict's parameter order.</summary>
        public IReadOnlyList<TensorInfo> Inputs { get; }

        /// <summary>Graph outputs, in Predict's parameter order.</summary>
        public IReadOnlyList<TensorInfo> Outputs { get; }

        /// <summary>Symbolic dims left to run time, in the order Predict takes them.</summary>
        public IReadOnlyList<string> SymbolicDims { get; }
    }

    /// <summary>
    /// Evaluates the dim text that <see cref="TensorInfo"/> carries: integers, symbol names, + − *, parentheses, and
    /// floordiv/ceildiv/mod/min/max(...), as the compiler writes dims. Run-time dims ("$NonZero_3") have no value here.
    /// </summary>
    internal static class DimText
    {
        public static long Evaluate(string text, IReadOnlyDictionary<string, long> symbols)
        {
            int pos = 0;
            long v = Sum(text, ref pos, symbols);
            Skip(text, ref pos);
            if (pos != text.Length) throw new FormatException("Bad dim '" + text + "'.");
            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Skip(string s, ref int p) { while (p < s.Length && s[p] == ' ') p++; }

        private static bool Take(string s, ref int p, char c)
        {
            Skip(s, ref p);
            if (p < s.Length && s[p] == c) { p++; return true; }
            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Sum(string s, ref int p, IReadOnlyDictionary<string, long> symbols)
        {
            long v = Take(s, ref p, '-') ? -Product(s, ref p, symbols) : Product(s, ref p, symbols);
            while (true)
            {
                if (Take(s, ref p, '+')) v += Product(s, ref p, symbols);
                else if (Take(s, ref p, '-')) v -= Product(s, ref p, symbols);
                else return v;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Product(string s, ref int p, IReadOnlyDictionary<string, long> symbols)
        {
            long v = Factor(s, ref p, symbols);
            while (Take(s, ref p, '*')) v *= Factor(s, ref p, symbols);
            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Factor(string s, ref int p, IReadOnlyDictionary<string, long> symbols)
        {
            Skip(s, ref p);
            if (Take(s, ref p, '(')) { long inner = Sum(s, ref p, symbols); Take(s, ref p, ')'); return inner; }
            if (Take(s, ref p, '-')) return -Factor(s, ref p, symbols);
            int start = p;
            if (p < s.Length && char.IsDigit(s[p]))
            {
                while (p < s.Length && char.IsDigit(s[p])) p++;
                return long.Parse(s.AsSpan(start, p - start), System.Globalization.CultureInfo.InvariantCulture);
            }
            while (p < s.Length && (char.IsLetterOrDigit(s[p]) || s[p] == '_' || s[p] == '.' || s[p] == '$')) p++;
            string name = s.Substring(start, p - start);
            if (name.Length == 0) throw new FormatException("Bad dim '" + s + "'.");
            if (!Take(s, ref p, '('))
                return symbols.TryGetValue(name, out long value) ? value : throw new ArgumentException("No value given for the symbolic dim '" + name + "'.");
            var args = new List<long> { Sum(s, ref p, symbols) };
            while (Take(s, ref p, ',')) args.Add(Sum(s, ref p, symbols));
            Take(s, ref p, ')');
            switch (name)
            {
                case "min": return args.Min();
                case "max": return args.Max();
                case "floordiv": return FloorDiv(args[0], args[1]);
                case "ceildiv": return FloorDiv(args[0] + args[1] - 1, args[1]);
                case "mod": return args[0] - args[1] * FloorDiv(args[0], args[1]);
                default: throw new FormatException("Unknown function '" + name + "' in dim '" + s + "'.");
            }
        }

        private static long FloorDiv(long a, long b)
        {
            long q = a / b;
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
        }
    }
}
