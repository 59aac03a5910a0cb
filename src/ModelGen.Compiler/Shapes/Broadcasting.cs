using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>Numpy-style multidirectional broadcasting over symbolic dims, and the element strides kernels read inputs with.</summary>
    internal static class Broadcasting
    {
        /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or null after reporting MG0201.</summary>
        public static Shape? Shape(Shape a, Shape b, InferContext c)
        {
            int rank = System.Math.Max(a.Rank, b.Rank);
            var dims = new Dim[rank];
            for (int i = 0; i < rank; i++)
            {
                Dim da = i - (rank - a.Rank) >= 0 ? a[i - (rank - a.Rank)] : Dim.One;
                Dim db = i - (rank - b.Rank) >= 0 ? b[i - (rank - b.Rank)] : Dim.One;
                if (da.Equals(db) || db.Equals(Dim.One)) dims[i] = da;
                else if (da.Equals(Dim.One)) dims[i] = db;
                else
                {
                    string why = da.IsStatic && db.IsStatic ? "" : " (a symbolic dim must equal the other side or be pinned with Dims metadata)";
                    c.Fail(DiagnosticIds.ShapeMismatch, "shapes " + a + " and " + b + " do not broadcast at axis " + i + why + ".");
                    return null;
                }
            }
            return new Shape(dims);
        }

        /// <summary>
        /// Element strides of <paramref name="input"/> along each axis of <paramref name="output"/>:
        /// 0 where the input broadcasts (missing leading axis or a dim of 1 against a larger one).
        /// </summary>
        public static List<Dim> Strides(Shape input, Shape output)
        {
            var strides = new Dim[output.Rank];
            Dim stride = Dim.One;
            for (int i = output.Rank - 1; i >= 0; i--)
            {
                int k = i - (output.Rank - input.Rank);
                if (k < 0) { strides[i] = Dim.Zero; continue; }
                bool broadcast = input[k].Equals(Dim.One) && !output[i].Equals(Dim.One);
                strides[i] = broadcast ? Dim.Zero : stride;
                stride *= input[k];
            }
            return new List<Dim>(strides);
        }
    }
}
