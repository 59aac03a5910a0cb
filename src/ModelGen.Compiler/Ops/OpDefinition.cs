using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// Everything ModelGen knows about one ONNX operator, in one file per op: its schema (revisions,
    /// inputs, outputs, type constraints, attributes with ONNX defaults, all as data), inference into a
    /// typed plan record, exact build-time evaluation where it applies, and lowering to backend-neutral
    /// kernel calls. Adding an op is: a subclass, one line in <see cref="OpRegistry"/>, and a test.
    /// Ops derive from <see cref="Op{TPlan}"/>, which does the plan casts in one place.
    /// </summary>
    internal abstract class OpDefinition
    {
        public abstract OpSchema Schema { get; }

        public string OpType => Schema.OpType;

        /// <summary>The operator-set domain; "" is ai.onnx.</summary>
        public string Domain => Schema.Domain;

        /// <summary>One sentence for README's ops table: what the op computes and what ModelGen covers.</summary>
        public abstract string Summary { get; }

        /// <summary>The spec page.</summary>
        public virtual string SpecUrl => "https://onnx.ai/onnx/operators/onnx__" + OpType + ".html";

        /// <summary>Checks what the schema cannot, decides the plan and sets each output's type and shape. Null after a reported problem.</summary>
        internal abstract OpPlan? InferPlan(InferContext context);

        /// <summary>Computes the outputs at build time when every input is known; false when the op cannot (or need not).</summary>
        internal abstract bool EvaluatePlan(EvalContext context, OpPlan plan);

        /// <summary>False for ops whose value depends only on their inputs' shapes (Shape): they evaluate even when the inputs are computed at run time.</summary>
        public virtual bool EvaluatesFromValues => true;

        /// <summary>The kernel calls that run the node. Runs only on a graph that inferred cleanly.</summary>
        internal abstract void LowerPlan(LowerContext context, OpPlan plan);

        /// <summary>
        /// True when the op computes in float wherever it takes float16, so it takes bfloat16 there too (the schema's
        /// float16 stands for both): elementwise ops, whose scalar code widens both to float and rounds once.
        /// </summary>
        public virtual bool TakesBFloat16AsFloat16 => false;

        /// <summary>True when output 0 only reinterprets input 0's elements (Reshape, Unsqueeze...): the planner aliases the buffer.</summary>
        internal abstract bool IsViewPlan(OpPlan plan);
    }

    /// <summary>An op whose plan record is <typeparamref name="TPlan"/>.</summary>
    internal abstract class Op<TPlan> : OpDefinition where TPlan : OpPlan
    {
        protected abstract TPlan? Infer(InferContext c);

        protected virtual bool Evaluate(EvalContext c, TPlan plan) => false;

        protected abstract void Lower(LowerContext c, TPlan plan);

        protected virtual bool IsView(TPlan plan) => false;

        internal sealed override OpPlan? InferPlan(InferContext context) => Infer(context);

        internal sealed override bool EvaluatePlan(EvalContext context, OpPlan plan) => Evaluate(context, (TPlan)plan);

        internal sealed override void LowerPlan(LowerContext context, OpPlan plan) => Lower(context, (TPlan)plan);

        internal sealed override bool IsViewPlan(OpPlan plan) => IsView((TPlan)plan);
    }
}
