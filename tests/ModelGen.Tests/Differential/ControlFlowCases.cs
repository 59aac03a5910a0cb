using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// If, Loop and Scan: bodies that read outer-scope values, a condition known only at run time, a run-time trip
    /// count and a scan output, Scan's axes and directions other than the defaults.
    /// </summary>
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

            // s_{t+1} = s_t + x[:, t] * w over x [3,4] read backwards along axis 1, zipped with y [4,2] read forwards
            // along axis 0; the running s is stacked along axis 1 (prepended), y_t * s_{t+1}[0:2] along axis 0.
            var scanBody = new OnnxModelBuilder("scan_body")
                .Input("s", ElementType.Float, new object[] { 3 })
                .Input("x_t", ElementType.Float, new object[] { 3 })
                .Input("y_t", ElementType.Float, new object[] { 2 })
                .Node("Mul", new[] { "x_t", "w" }, new[] { "xw" }, name: "weigh")
                .Node("Add", new[] { "s", "xw" }, new[] { "s_out" }, name: "accumulate")
                .Node("Identity", new[] { "s_out" }, new[] { "running" }, name: "keep")
                .Node("Slice", new[] { "s_out", "starts", "ends" }, new[] { "head" }, name: "head")
                .Node("Mul", new[] { "y_t", "head" }, new[] { "scaled" }, name: "scale")
                .Output("s_out", ElementType.Float, new object[] { 3 })
                .Output("running", ElementType.Float, new object[] { 3 })
                .Output("scaled", ElementType.Float, new object[] { 2 });
            var scanInputs = new[]
            {
                set.Random.Uniform("s0", ElementType.Float, D(3), -1, 1), set.Random.Uniform("x", ElementType.Float, D(3, 4), -1, 1),
                set.Random.Uniform("y", ElementType.Float, D(4, 2), -1, 1), set.Random.Uniform("w", ElementType.Float, D(3), -1, 1),
                RandomTensors.Of("starts", ElementType.Int64, D(1), 0).AsConstant(), RandomTensors.Of("ends", ElementType.Int64, D(1), 2).AsConstant(),
            };
            set.Node("control flow", "Scan", ElementType.Float, "state [3], x [3,4] reversed along axis 1, y [4,2] along axis 0, outputs along axis 1 prepended and axis 0", scanInputs,
                new[] { ElementType.Float, ElementType.Float, ElementType.Float },
                a => a.Graph("body", scanBody).Int("num_scan_inputs", 2).Ints("scan_input_axes", 1, 0).Ints("scan_input_directions", 1, 0)
                      .Ints("scan_output_axes", -1, 0).Ints("scan_output_directions", 1, 0),
                nodeInputs: new[] { "s0", "x", "y" });
        }
    }
}
