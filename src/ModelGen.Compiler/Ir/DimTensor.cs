using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// A small integer (or bool) tensor known at build time whose elements are <see cref="Dim"/> expressions:
    /// the value of Shape(x) for x:[N,3,H,W] is [N, 3, H, W]. Shape arithmetic (Gather, Concat, Slice, Cast,
    /// Add, Mul, Equal, Where...) keeps such tensors symbolic, so a dynamic-batch Reshape receives an
    /// expression of N. A tensor whose elements are all static is kept as <see cref="TensorData"/> instead.
    /// </summary>
    public sealed class DimTensor
    {
        public DimTensor(ElementType type, long[] dims, IReadOnlyList<Dim> elements)
        {
            if (!ElementTypes.IsInteger(type) && type != ElementType.Bool) throw new ArgumentException("Dim tensors hold integers or bools, not " + type + ".");
            long count = dims.Aggregate(1L, (a, b) => a * b);
            if (count != elements.Count) throw new ArgumentException("Dims " + string.Join("x", dims) + " need " + count + " elements, got " + elements.Count + ".");
            Type = type;
            Dims = dims;
            Elements = elements.ToArray();
        }

        public ElementType Type { get; }
        public long[] Dims { get; }
        public IReadOnlyList<Dim> Elements { get; }
        public Shape Shape => Shape.Of(Dims);
        public bool IsStatic => Elements.All(e => e.IsStatic);

        public static DimTensor FromData(TensorData data) =>
            new DimTensor(data.Type, data.Dims, data.AsInt64().Select(Dim.Of).ToArray());

        /// <summary>The concrete tensor when every element is static.</summary>
        public TensorData ToData()
        {
            if (!IsStatic) throw new InvalidOperationException("The tensor has symbolic elements.");
            return TensorData.FromInt64Values(Type, Dims, Elements.Select(e => e.Value).ToArray());
        }

        /// <summary>Stable text: "[N, 3]".</summary>
        public override string ToString() => "[" + string.Join(", ", Elements.Select(e => e.ToString())) + "]";
    }
}
