using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>Small input makers the family files share: constant index/shape tensors and value ranges that suit every type.</summary>
    internal static class CaseInputs
    {
        /// <summary>A constant int64 vector (axes, shapes, pads, repeats, sizes).</summary>
        public static DiffTensor Int64s(string name, params long[] values) =>
            RandomTensors.Of(name, ElementType.Int64, D(values.Length), values.Select(v => (double)v).ToArray()).AsConstant();

        /// <summary>A constant float vector (scales, roi).</summary>
        public static DiffTensor Floats(string name, params double[] values) =>
            RandomTensors.Of(name, ElementType.Float, D(values.Length), values).AsConstant();

        /// <summary>A constant scalar of <paramref name="type"/>.</summary>
        public static DiffTensor Scalar(string name, ElementType type, double value) => RandomTensors.Of(name, type, D(), value).AsConstant();

        /// <summary>Values in [-1, 1] for floats, [-5, 5] (or [0, 5] unsigned) for integers, 0/1 for bool.</summary>
        public static DiffTensor Values(CaseSet set, string name, ElementType t, long[] dims) =>
            t == ElementType.Bool ? set.Random.Uniform(name, t, dims, 0, 1) :
            ElementTypes.IsInteger(t) ? set.Random.Uniform(name, t, dims, ElementTypes.IsSigned(t) ? -5 : 0, 5) : set.Random.Uniform(name, t, dims, -1, 1);

        /// <summary>Values in [lo, hi] for floats; integers and bool over the same range clamped to what the type holds.</summary>
        public static DiffTensor Range(CaseSet set, string name, ElementType t, long[] dims, double lo, double hi)
        {
            if (t == ElementType.Bool) return set.Random.Uniform(name, t, dims, 0, 1);
            if (ElementTypes.IsInteger(t) && !ElementTypes.IsSigned(t)) lo = System.Math.Max(lo, 0);
            if (t == ElementType.Int8) { lo = System.Math.Max(lo, -128); hi = System.Math.Min(hi, 127); }
            if (t == ElementType.UInt8) hi = System.Math.Min(hi, 255);
            return set.Random.Uniform(name, t, dims, lo, hi);
        }

        /// <summary>Any type's small values (bool included): ElementwiseCases' range.</summary>
        public static DiffTensor Small(CaseSet set, string name, ElementType t, long[] dims) => ElementwiseCases.Small(set.Random, name, t, dims);
    }
}
