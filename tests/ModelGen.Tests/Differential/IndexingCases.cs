using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// GatherElements, GatherND, ScatterElements, Scatter, ScatterND, TensorScatter, Compress, OneHot, Trilu and Unique,
    /// over every candidate type: negative indices, int32 indices, batch_dims, scatter reductions with repeated indices
    /// (unique indices where ONNX leaves the order of writes open), circular cache writes, Compress without an axis and
    /// with a short condition, OneHot on a middle axis, Trilu with k past the diagonal, Unique by rows and unsorted.
    /// </summary>
    internal static class IndexingCases
    {
        public static void Add(CaseSet set)
        {
            Gathers(set);
            Scatters(set);
            Others(set);
        }

        private static DiffTensor X(CaseSet set, ElementType t, long[] dims, string name = "x") => Small(set, name, t, dims);

        private static DiffTensor Idx(string name, ElementType type, long[] dims, params double[] values) => RandomTensors.Of(name, type, dims, values);

        /// <summary>
        /// Indices into axis <paramref name="axis"/> of a tensor of <paramref name="dataDims"/>, shaped <paramref name="dims"/>,
        /// distinct along that axis (each output position written once), half of them negative.
        /// </summary>
        private static DiffTensor Unique(CaseSet set, string name, ElementType type, long[] dims, long[] dataDims, int axis)
        {
            var random = new Random((int)(RandomTensors.Count(dims) * 7919 + axis));
            long n = dataDims[axis], inner = dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b), outer = dims.Take(axis).Aggregate(1L, (a, b) => a * b);
            var values = new double[RandomTensors.Count(dims)];
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++)
                {
                    var perm = Enumerable.Range(0, (int)n).OrderBy(_ => random.Next()).ToArray();
                    for (long j = 0; j < dims[axis]; j++)
                    {
                        int v = perm[j];
                        values[(o * dims[axis] + j) * inner + i] = random.Next(2) == 0 ? v : v - n;
                    }
                }
            return RandomTensors.Of(name, type, dims, values);
        }

        private static void Gathers(CaseSet set)
        {
            foreach (var t in TypesOf("GatherElements"))
            {
                set.Node("gather", "GatherElements", t, "data [4,5,3], int64 indices [4,2,3] with negatives, axis=1",
                    new[] { X(set, t, D(4, 5, 3), "data"), set.Random.Uniform("i", ElementType.Int64, D(4, 2, 3), -5, 4) }, new[] { t }, a => a.Int("axis", 1));
                if (t != ElementType.Float) continue;
                set.Node("gather", "GatherElements", t, "int32 indices [2,7] with negatives on axis=-1 of data [2,4]",
                    new[] { X(set, t, D(2, 4), "data"), set.Random.Uniform("i", ElementType.Int32, D(2, 7), -4, 3) }, new[] { t }, a => a.Int("axis", -1));
            }
            foreach (var t in TypesOf("GatherND"))
            {
                set.Node("gather", "GatherND", t, "data [3,4,5], indices [2,2] with negatives (slices of [5])",
                    new[] { X(set, t, D(3, 4, 5), "data"), Idx("i", ElementType.Int64, D(2, 2), 2, -1, -3, 0) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("gather", "GatherND", t, "batch_dims=1: data [3,4,5], indices [3,2,2] (elements)",
                    new[] { X(set, t, D(3, 4, 5), "data"), set.Random.Uniform("i", ElementType.Int64, D(3, 2, 2), -4, 3) }, new[] { t }, a => a.Int("batch_dims", 1));
            }
            set.Node("gather", "GatherND", ElementType.Float, "batch_dims=2: data [2,3,4,5], indices [2,3,1]",
                new[] { X(set, ElementType.Float, D(2, 3, 4, 5), "data"), set.Random.Uniform("i", ElementType.Int64, D(2, 3, 1), -4, 3) }, new[] { ElementType.Float }, a => a.Int("batch_dims", 2));
        }

        private static void Scatters(CaseSet set)
        {
            foreach (var t in TypesOf("ScatterElements"))
            {
                set.Node("scatter", "ScatterElements", t, "data [4,5,3], unique indices [4,3,3] on axis=1",
                    new[] { X(set, t, D(4, 5, 3), "data"), Unique(set, "i", ElementType.Int64, D(4, 3, 3), D(4, 5, 3), 1), X(set, t, D(4, 3, 3), "u") }, new[] { t }, a => a.Int("axis", 1));
                if (t != ElementType.Float) continue;
                set.Node("scatter", "ScatterElements", t, "int32 unique indices [2,3] on axis=-1 of [3,6]",
                    new[] { X(set, t, D(3, 6), "data"), Unique(set, "i", ElementType.Int32, D(2, 3), D(3, 6), 1), X(set, t, D(2, 3), "u") }, new[] { t }, a => a.Int("axis", -1));
                foreach (var reduction in new[] { "add", "mul", "max", "min" })
                    set.Node("scatter", "ScatterElements", t, "reduction=" + reduction + ", repeated indices [6,2] on axis 0 of [4,2]",
                        new[] { Range(set, "data", t, D(4, 2), -3, 3), set.Random.Uniform("i", ElementType.Int64, D(6, 2), -4, 3), Range(set, "u", t, D(6, 2), -3, 3) }, new[] { t },
                        a => a.String("reduction", reduction));
            }
            foreach (var t in TypesOf("Scatter").Where(t => t == ElementType.Float || t == ElementType.Int64 || t == ElementType.Bool))
                set.Node("scatter", "Scatter", t, "opset 10, data [3,5], unique indices [3,2] on axis=1",
                    new[] { X(set, t, D(3, 5), "data"), Unique(set, "i", ElementType.Int64, D(3, 2), D(3, 5), 1), X(set, t, D(3, 2), "u") }, new[] { t }, a => a.Int("axis", 1), opset: 10);
            foreach (var t in TypesOf("ScatterND"))
            {
                set.Node("scatter", "ScatterND", t, "data [5,4,3], indices [2,1] (rows -1 and 1), updates [2,4,3]",
                    new[] { X(set, t, D(5, 4, 3), "data"), Idx("i", ElementType.Int64, D(2, 1), -1, 1), X(set, t, D(2, 4, 3), "u") }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("scatter", "ScatterND", t, "data [5,4,3], element indices [3,3], updates [3]",
                    new[] { X(set, t, D(5, 4, 3), "data"), Idx("i", ElementType.Int64, D(3, 3), 0, 0, 0, -1, 3, 2, 2, -2, 1), X(set, t, D(3), "u") }, new[] { t });
                foreach (var reduction in new[] { "add", "mul", "max", "min" })
                    set.Node("scatter", "ScatterND", t, "reduction=" + reduction + ", repeated indices [4,2] into [3,4,2]",
                        new[] { Range(set, "data", t, D(3, 4, 2), -3, 3), Idx("i", ElementType.Int64, D(4, 2), 1, 2, -2, -2, 0, 3, 1, 2), Range(set, "u", t, D(4, 2), -3, 3) }, new[] { t },
                        a => a.String("reduction", reduction));
            }
            foreach (var t in TypesOf("TensorScatter"))
            {
                set.Node("scatter", "TensorScatter", t, "cache [2,3,8,4], update [2,3,3,4], write_indices [1,5]",
                    new[] { X(set, t, D(2, 3, 8, 4), "past"), X(set, t, D(2, 3, 3, 4), "update"), Idx("wi", ElementType.Int64, D(2), 1, 5) }, new[] { t }, opset: 24);
                if (t != ElementType.Float) continue;
                set.Node("scatter", "TensorScatter", t, "mode=circular, axis=1: cache [2,5,3], update [2,3,3], write_indices [4,1] (wraps)",
                    new[] { X(set, t, D(2, 5, 3), "past"), X(set, t, D(2, 3, 3), "update"), Idx("wi", ElementType.Int64, D(2), 4, 1) }, new[] { t },
                    a => a.String("mode", "circular").Int("axis", 1), opset: 24);
            }
        }

        private static void Others(CaseSet set)
        {
            foreach (var t in TypesOf("Compress"))
            {
                set.Node("indexing", "Compress", t, "[4,5], condition [5] on axis=-1",
                    new[] { X(set, t, D(4, 5)), Idx("c", ElementType.Bool, D(5), 1, 0, 1, 1, 0) }, new[] { t }, a => a.Int("axis", -1));
                if (t != ElementType.Float) continue;
                set.Node("indexing", "Compress", t, "no axis (flattened), condition [7] shorter than the 12 elements",
                    new[] { X(set, t, D(3, 4)), set.Random.Uniform("c", ElementType.Bool, D(7), 0, 1) }, new[] { t });
            }
            foreach (var t in TypesOf("OneHot", "T3"))
            {
                set.Node("indexing", "OneHot", t, "int64 indices [3,4] with negatives, depth 5, axis=1",
                    new[] { set.Random.Uniform("i", ElementType.Int64, D(3, 4), -5, 4), Scalar("depth", ElementType.Int64, 5), Values(set, "values", t, D(2)) }, new[] { t }, a => a.Int("axis", 1));
            }
            set.Node("indexing", "OneHot", ElementType.Float, "float indices [6] (truncated), float depth 4.0, default axis",
                new[] { RandomTensors.Of("i", ElementType.Float, D(6), 0, 1.7, 3.2, -1, -3.9, 2), Scalar("depth", ElementType.Float, 4), RandomTensors.Of("values", ElementType.Float, D(2), -2, 5) },
                new[] { ElementType.Float });
            set.Node("indexing", "OneHot", ElementType.Int32, "int32 indices, run-time depth 3, axis=0, int64 values",
                new[] { set.Random.Uniform("i", ElementType.Int32, D(2, 3), -3, 2), RandomTensors.Of("depth", ElementType.Int32, D(), 3), RandomTensors.Of("values", ElementType.Int64, D(2), 0, 9) },
                new[] { ElementType.Int64 }, a => a.Int("axis", 0));

            foreach (var t in TypesOf("Trilu"))
            {
                set.Node("indexing", "Trilu", t, "[3,5,4], upper, default k", new[] { X(set, t, D(3, 5, 4)) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("indexing", "Trilu", t, "[2,4,6], lower (upper=0), k=-1", new[] { X(set, t, D(2, 4, 6)), Scalar("k", ElementType.Int64, -1) }, new[] { t }, a => a.Int("upper", 0));
                set.Node("indexing", "Trilu", t, "[5,3], upper, run-time k=2", new[] { X(set, t, D(5, 3)), RandomTensors.Of("k", ElementType.Int64, D(), 2) }, new[] { t });
            }

            foreach (var t in TypesOf("Unique"))
            {
                DiffTensor Dups(long[] dims) => ElementTypes.IsInteger(t) ? Range(set, "x", t, dims, -3, 3) : set.Random.Halves("x", t, dims, -1.5, 1.5);
                var outs = new[] { t, ElementType.Int64, ElementType.Int64, ElementType.Int64 };
                set.Node("indexing", "Unique", t, "[3,5] flattened, sorted, all four outputs", new[] { Dups(D(3, 5)) }, outs);
                if (t != ElementType.Float) continue;
                set.Node("indexing", "Unique", t, "[14], sorted=0 (first-occurrence order)", new[] { Dups(D(14)) }, outs, a => a.Int("sorted", 0));
                if (t == ElementType.Float)
                {
                    var rows = RandomTensors.Of("x", t, D(5, 2), 1, 2, 0, 1, 1, 2, -1, 3, 0, 1);
                    set.Node("indexing", "Unique", t, "rows of [5,2], axis=0", new[] { rows }, outs, a => a.Int("axis", 0));
                    set.Node("indexing", "Unique", t, "columns of [2,5], axis=-1, sorted=0",
                        new[] { RandomTensors.Of("x", t, D(2, 5), 1, 0, 1, 2, 0, 3, 4, 3, 1, 4) }, outs, a => a.Int("axis", -1).Int("sorted", 0));
                }
            }
        }
    }
}
