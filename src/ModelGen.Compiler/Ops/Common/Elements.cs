using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>Conversions between <see cref="TensorData"/> and the <see cref="Scalar"/>s the evaluator works on.</summary>
    internal static class Elements
    {
        public static Scalar[] Read(TensorData d)
        {
            var result = new Scalar[d.ElementCount];
            if (ElementTypes.IsFloatingPoint(d.Type))
            {
                var f = d.AsDouble();
                for (int i = 0; i < result.Length; i++) result[i] = new Scalar(0, f[i]);
            }
            else
            {
                var l = d.AsInt64();
                for (int i = 0; i < result.Length; i++) result[i] = new Scalar(l[i], 0);
            }
            return result;
        }

        public static TensorData Write(ElementType type, long[] dims, IReadOnlyList<Scalar> values)
        {
            if (ElementTypes.IsFloatingPoint(type))
            {
                var f = new double[values.Count];
                for (int i = 0; i < f.Length; i++) f[i] = values[i].F;
                return TensorData.FromDoubleValues(type, dims, f);
            }
            var l = new long[values.Count];
            for (int i = 0; i < l.Length; i++) l[i] = values[i].I;
            return TensorData.FromInt64Values(type, dims, l);
        }
    }
}
