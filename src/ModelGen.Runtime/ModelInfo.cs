using System;
using System.Collections.Generic;
using System.Linq;

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

    /// <summary>Evaluates the dim text that <see cref="TensorInfo"/> carries: sums of products of numbers and symbol names.</summary>
    internal static class DimText
    {
        public static long Evaluate(string text, IReadOnlyDictionary<string, long> symbols)
        {
            long total = 0;
            foreach (var term in text.Split('+'))
            {
                long product = 1;
                foreach (var factor in term.Split('*'))
                {
                    var f = factor.Trim();
                    if (long.TryParse(f, out long n)) product *= n;
                    else if (symbols.TryGetValue(f, out long v)) product *= v;
                    else throw new ArgumentException("No value given for the symbolic dim '" + f + "'.");
                }
                total += product;
            }
            return total;
        }
    }
}
