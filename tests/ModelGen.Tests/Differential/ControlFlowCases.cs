using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>If and Loop: bodies that read outer-scope values, a condition known only at run time, a run-time trip count and a scan output.</summary>
    internal static class ControlFlowCases
    {
        public static void Add(CaseSet set)
        {
            var then = new OnnxModelBuilder("then_branch")
                .Node("Mul", new[] { "x", "x" }, new[] { "t" }, name: "square")
                .Output("t", ElementType.Float, null);
            var otherwise = new OnnxModelBuilder("else_branch")
                .Node("Neg", new[] { "x" }, new[] { "e" }, name: "negate")
                .Output("e", ElementType.Float, null);
            foreach (bool c in new[] { true, false })
            {
                var inputs = new[] { RandomTensors.Of("c", ElementType.Bool, D(), c ? 1 : 0), set.Random.Uniform("x", ElementType.Float, D(3, 4), -3, 3) };
                set.Node("control flow", "If", ElementType.Float, "run-time condition " + (c ? "true" : "false") + ", branches read outer x [3,4]", inputs,
                    new[] { ElementType.Float }, a => a.Graph("then_branch", then).Graph("else_branch", otherwise), nodeInputs: new[] { "c" });
            }

            // v_{i+1} = v_i + x, five times; the scan output collects v_{i+1}².
            var body = new OnnxModelBuilder("body")
                .Input("i", ElementType.Int64, new object[0])
                .Input("cond_in", ElementType.Bool, new object[0])
                .Input("v", ElementType.Float, new object[] { 3 })
                .Node("Add", new[] { "v", "x" }, new[] { "v_out" }, name: "step")
                .Node("Identity", new[] { "cond_in" }, new[] { "cond_out" }, name: "keep_going")
                .Node("Mul", new[] { "v_out", "v_out" }, new[] { "sq" }, name: "square")
                .Output("cond_out", ElementType.Bool, new object[0])
                .Output("v_out", ElementType.Float, new object[] { 3 })
                .Output("sq", ElementType.Float, new object[] { 3 });
            var loopInputs = new[]
            {
                RandomTensors.Of("M", ElementType.Int64, D(), 5), RandomTensors.Of("cond", ElementType.Bool, D(), 1),
                set.Random.Uniform("v0", ElementType.Float, D(3), -1, 1), set.Random.Uniform("x", ElementType.Float, D(3), -1, 1),
            };
            set.Node("control flow", "Loop", ElementType.Float, "run-time trip count 5, carried v [3], scan output, body reads outer x", loopInputs,
                new[] { ElementType.Float, ElementType.Float }, a => a.Graph("body", body), nodeInputs: new[] { "M", "cond", "v0" });
        }
    }
}
