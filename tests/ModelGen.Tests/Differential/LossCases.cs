using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: every reduction, class weights, an in-range ignore_index,
    /// extra spatial dims, int32 targets, and the log_prob output.
    /// </summary>
    internal static class LossCases
    {
        public static void Add(CaseSet set)
        {
            foreach (var t in TypesOf("NegativeLogLikelihoodLoss"))
            {
                set.Node("loss", "NegativeLogLikelihoodLoss", t, "[5,4], int64 target, reduction=mean",
                    new[] { set.Random.Uniform("x", t, D(5, 4), -3, 0), set.Random.Uniform("target", ElementType.Int64, D(5), 0, 3) }, new[] { t });
                set.Node("loss", "NegativeLogLikelihoodLoss", t, "[2,3,4,5], weights, ignore_index=1, reduction=mean",
                    new[] { set.Random.Uniform("x", t, D(2, 3, 4, 5), -3, 0), set.Random.Uniform("target", ElementType.Int64, D(2, 4, 5), 0, 2), set.Random.Uniform("w", t, D(3), 0.2, 2) },
                    new[] { t }, a => a.Int("ignore_index", 1));
                if (t != ElementType.Float) continue;
                set.Node("loss", "NegativeLogLikelihoodLoss", t, "[3,6,7], int32 target, weights, reduction=sum",
                    new[] { set.Random.Uniform("x", t, D(3, 6, 7), -3, 0), set.Random.Uniform("target", ElementType.Int32, D(3, 7), 0, 5), set.Random.Uniform("w", t, D(6), 0.2, 2).AsConstant() },
                    new[] { t }, a => a.String("reduction", "sum"));
                set.Node("loss", "NegativeLogLikelihoodLoss", t, "[4,3,2], reduction=none, ignore_index=0",
                    new[] { set.Random.Uniform("x", t, D(4, 3, 2), -3, 0), set.Random.Uniform("target", ElementType.Int64, D(4, 2), 0, 2) }, new[] { t },
                    a => a.String("reduction", "none").Int("ignore_index", 0));
            }
            foreach (var t in TypesOf("SoftmaxCrossEntropyLoss"))
            {
                set.Node("loss", "SoftmaxCrossEntropyLoss", t, "[5,4], reduction=mean, with log_prob",
                    new[] { set.Random.Uniform("scores", t, D(5, 4), -4, 4), set.Random.Uniform("labels", ElementType.Int64, D(5), 0, 3) }, new[] { t, t });
                set.Node("loss", "SoftmaxCrossEntropyLoss", t, "[2,3,4,5], weights, ignore_index=2",
                    new[] { set.Random.Uniform("scores", t, D(2, 3, 4, 5), -4, 4), set.Random.Uniform("labels", ElementType.Int64, D(2, 4, 5), 0, 2), set.Random.Uniform("w", t, D(3), 0.2, 2) },
                    new[] { t }, a => a.Int("ignore_index", 2));
                if (t != ElementType.Float) continue;
                set.Node("loss", "SoftmaxCrossEntropyLoss", t, "[3,6,7], int32 labels, reduction=sum",
                    new[] { set.Random.Uniform("scores", t, D(3, 6, 7), -4, 4), set.Random.Uniform("labels", ElementType.Int32, D(3, 7), 0, 5) }, new[] { t, t },
                    a => a.String("reduction", "sum"));
                set.Node("loss", "SoftmaxCrossEntropyLoss", t, "[4,3], reduction=none, weights, ignore_index=0, with log_prob",
                    new[] { set.Random.Uniform("scores", t, D(4, 3), -4, 4), set.Random.Uniform("labels", ElementType.Int64, D(4), 0, 2), set.Random.Uniform("w", t, D(3), 0.2, 2).AsConstant() },
                    new[] { t, t }, a => a.String("reduction", "none").Int("ignore_index", 0));
            }
        }
    }

    /// <summary>Det and Einsum: batched determinants, and Einsum with batching, diagonals, ellipses, implicit outputs and full contractions.</summary>
    internal static class LinearAlgebraCases
    {
        public static void Add(CaseSet set)
        {
            foreach (var t in TypesOf("Det"))
            {
                set.Node("linear algebra", "Det", t, "[3,3]", new[] { set.Random.Uniform("x", t, D(3, 3), -2, 2) }, new[] { t }, halfViaFloat: true);
                set.Node("linear algebra", "Det", t, "batched [2,3,5,5]", new[] { set.Random.Uniform("x", t, D(2, 3, 5, 5), -1, 1) }, new[] { t }, halfViaFloat: true);
            }
            var equations = new (string Equation, long[][] Shapes, bool AllTypes)[]
            {
                ("bij,bjk->bik", new[] { D(2, 3, 4), D(2, 4, 5) }, true),
                ("...ij,...jk->...ik", new[] { D(2, 1, 3, 4), D(1, 5, 4, 2) }, true),
                ("ii->i", new[] { D(4, 4) }, false),
                ("ij->ji", new[] { D(3, 5) }, false),
                ("i,i->", new[] { D(7) }, false),
                ("ij,jk", new[] { D(3, 4), D(4, 2) }, false),
                ("bhqd,bhkd->bhqk", new[] { D(1, 2, 3, 4), D(1, 2, 5, 4) }, false),
                ("abc->ca", new[] { D(2, 3, 4) }, false),
            };
            foreach (var t in TypesOf("Einsum"))
            {
                foreach (var e in equations)
                {
                    if (!e.AllTypes && t != ElementType.Float && t != ElementType.Int64) continue;
                    var shapes = e.Shapes;
                    if (e.Equation == "i,i->") shapes = new[] { D(7), D(7) };
                    var inputs = new DiffTensor[shapes.Length];
                    for (int i = 0; i < shapes.Length; i++) inputs[i] = Values(set, "x" + i, t, shapes[i]);
                    set.Node("linear algebra", "Einsum", t, "\"" + e.Equation + "\"", inputs, new[] { t }, a => a.String("equation", e.Equation), halfViaFloat: true);
                }
            }
        }
    }
}
