using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>An immutable tensor shape: a list of <see cref="Dim"/>s. Rank 0 is a scalar.</summary>
    public sealed class Shape : IEquatable<Shape>
    {
        private readonly Dim[] _dims;

        public Shape(IEnumerable<Dim> dims) { _dims = dims.ToArray(); }

        public static Shape Of(params long[] dims) => new Shape(dims.Select(Dim.Of));

        public static readonly Shape Scalar = new Shape(Array.Empty<Dim>());

        public int Rank => _dims.Length;

        public Dim this[int axis] => _dims[axis];

        public IReadOnlyList<Dim> Dims => _dims;

        public bool IsStatic => _dims.All(d => d.IsStatic);

        /// <summary>Product of all dims: the element count.</summary>
        public Dim ElementCount => _dims.Aggregate(Dim.One, (a, b) => a * b);

        /// <summary>Product of dims in [from, to).</summary>
        public Dim Product(int from, int to)
        {
            Dim p = Dim.One;
            for (int i = from; i < to; i++) p *= _dims[i];
            return p;
        }

        /// <summary>
        /// True when the product of <paramref name="staticDims"/> (times <paramref name="elementBytes"/>) is at most
        /// 2^31-1, what a span (and the byte buffers the generated code returns) can hold, found without overflowing:
        /// declared dims come from the file, and 2^40 × 2^40 wraps a long (found by fuzzing). A 0 dim fits.
        /// </summary>
        public static bool FitsInSpan(IEnumerable<long> staticDims, int elementBytes = 1)
        {
            var dims = staticDims as IReadOnlyCollection<long> ?? staticDims.ToArray();
            if (dims.Contains(0)) return true;
            long product = Math.Max(1, elementBytes);
            foreach (long d in dims)
            {
                if (d < 0 || d > int.MaxValue / product) return false;
                product *= d;
            }
            return true;
        }

        public long[] ToStatic() => _dims.Select(d => d.Value).ToArray();

        public Shape Substitute(IReadOnlyDictionary<string, long> bindings) => new Shape(_dims.Select(d => d.Substitute(bindings)));

        public bool Equals(Shape? other) => other != null && _dims.SequenceEqual(other._dims);

        public override bool Equals(object? obj) => Equals(obj as Shape);

        public override int GetHashCode() => _dims.Aggregate(_dims.Length, (h, d) => h * 31 + d.GetHashCode());

        /// <summary>Stable text form: "[1,3,batch]".</summary>
        public override string ToString() => "[" + string.Join(",", _dims.Select(d => d.ToString())) + "]";
    }
}
