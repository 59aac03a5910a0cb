using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>How many tensors the optimizer updates (each with its gradient and state tensors), the kernel, and its float attributes in order.</summary>
    internal sealed record OptimizerPlan(int Tensors, string Kernel, ValueList<float> Coefficients) : OpPlan;

    /// <summary>
    /// The shape shared by ai.onnx.preview.training's Adagrad, Adam and Momentum: inputs R (learning rate, a float
    /// scalar) and T (update count, an int64 scalar), then n tensors X, their n gradients and n of each state tensor,
    /// group by group; outputs the n new X, then n of each new state, in the same order. Every tensor of one X has
    /// X's shape. Each X is one elementwise kernel call that reads R and T at run time, computed in double.
    /// </summary>
    internal abstract class OptimizerOp : Op<OptimizerPlan>
    {
        /// <summary>State tensors per optimized tensor (Adagrad: H; Adam: V and H; Momentum: V).</summary>
        protected abstract int States { get; }

        /// <summary>The names of the kernel's float parameters after the spans and the element count.</summary>
        protected abstract string[] CoefficientNames { get; }

        /// <summary>
        /// The kernel id, which takes (r, t, x, g, states..., xNew, newStates..., count, coefficients...), and the
        /// coefficients, read from the attributes; false after a reported problem.
        /// </summary>
        protected abstract bool Configure(InferContext c, out string kernel, out float[] coefficients);

        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_" + OpType + ".html";

        // ONNX allows float and double here (no float16).
        private static readonly ElementType[] FloatOrDouble = { ElementType.Float, ElementType.Double };

        protected static OpSchema SchemaFor(string opType) =>
            new OpSchema(opType, new[] { 1 }, "ai.onnx.preview.training")
                .Input("R", "T1").Input("T", "T2").Input("inputs", "T3", variadic: true).Output("outputs", "T3", variadic: true)
                .Types("T1", FloatOrDouble).Types("T2", TypeSets.Int64).Types("T3", FloatOrDouble);

        protected override OptimizerPlan? Infer(InferContext c)
        {
            int perTensor = 2 + States;
            int tensors = (c.InputCount - 2) / perTensor;
            if (tensors < 1 || c.InputCount != 2 + tensors * perTensor)
                return c.Reject<OptimizerPlan>(DiagnosticIds.InvalidGraph, "has " + (c.InputCount - 2) + " inputs after R and T; " + OpType + " takes " + perTensor + " per optimized tensor (X, its gradient, and " + States + " state" + (States == 1 ? "" : "s") + ").");
            if (c.Node.Outputs.Count > tensors * (1 + States))
                return c.Reject<OptimizerPlan>(DiagnosticIds.InvalidGraph, "has " + c.Node.Outputs.Count + " outputs; at most " + tensors * (1 + States) + " for " + tensors + " optimized tensor" + (tensors == 1 ? "" : "s") + ".");
            foreach (int scalar in new[] { 0, 1 })
                if (c.InShape(scalar).ElementCount.IsStatic && c.InShape(scalar).ElementCount.Value != 1)
                    return c.Reject<OptimizerPlan>(DiagnosticIds.ShapeMismatch, "input '" + c.In(scalar).Name + "' " + c.InShape(scalar) + " must hold one value.");
            for (int k = 0; k < tensors; k++)
            {
                var x = c.InShape(2 + k);
                for (int group = 1; group < perTensor; group++)
                {
                    var other = c.In(2 + group * tensors + k);
                    if (!other.Shape!.Equals(x) || other.Type != c.InType(2 + k))
                        return c.Reject<OptimizerPlan>(DiagnosticIds.ShapeMismatch, "input '" + other.Name + "' " + ElementTypes.OnnxName(other.Type) + other.Shape +
                            " must match the tensor it belongs to, '" + c.In(2 + k).Name + "' " + ElementTypes.OnnxName(c.InType(2 + k)) + x + ".");
                }
                for (int group = 0; group <= States; group++)
                    if (group * tensors + k < c.Node.Outputs.Count) c.SetOutput(group * tensors + k, c.InType(2 + k), x);
            }
            if (!Configure(c, out string kernel, out float[] coefficients)) return null;
            return new OptimizerPlan(tensors, kernel, coefficients.ToValueList());
        }

        protected override void Lower(LowerContext c, OptimizerPlan p)
        {
            int n = p.Tensors;
            for (int k = 0; k < n; k++)
            {
                var call = c.Call(p.Kernel, c.InType(2 + k), c.InType(0)).In("r", c.In(0)).In("t", c.In(1)).In("x", c.In(2 + k)).In("g", c.In(2 + n + k));
                for (int s = 0; s < States; s++) call.In("state" + s, c.In(2 + (2 + s) * n + k));
                call.OutOrNone("xNew", c.Node.Output(k));
                for (int s = 0; s < States; s++) call.OutOrNone("newState" + s, c.Node.Output((1 + s) * n + k));
                call.Dim("count", c.InShape(2 + k).ElementCount);
                for (int a = 0; a < CoefficientNames.Length; a++) call.Scalar(CoefficientNames[a], ElementType.Float, p.Coefficients[a]);
                call.Emit();
            }
        }
    }
}
