using System.Collections.Generic;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// Everything ModelGen knows about one ONNX operator, in one file per op: the opset range it
    /// implements, its attributes with ONNX's defaults, type and shape inference, optional
    /// build-time evaluation (constant folding), and emission of the C# that runs it.
    /// Adding an op is: a subclass, one line in <see cref="OpRegistry"/>, and a test.
    /// </summary>
    internal abstract class OpDefinition
    {
        /// <summary>The ONNX op type, e.g. "Conv".</summary>
        public abstract string OpType { get; }

        /// <summary>The operator-set domain; "" is ai.onnx.</summary>
        public virtual string Domain => "";

        /// <summary>The newest opset version whose semantics this implementation follows (it handles every version from 1 up).</summary>
        public abstract int MaxOpset { get; }

        /// <summary>Attribute names the op understands; any other attribute on a node is reported (MG0103).</summary>
        public virtual IReadOnlyCollection<string> Attributes => System.Array.Empty<string>();

        /// <summary>True when the output is only a reinterpretation of input 0's elements (Reshape, Unsqueeze...): the planner aliases the buffer and no code runs.</summary>
        public virtual bool IsView => false;

        /// <summary>False for inputs consumed only at build time (Reshape's target shape, Slice's bounds...): no run-time storage is emitted for them.</summary>
        public virtual bool ReadsAtRunTime(int inputIndex) => true;

        /// <summary>Checks inputs and attributes, and sets each output's element type and shape. Reports problems through the context.</summary>
        public abstract void Infer(InferContext context);

        /// <summary>Computes the outputs at build time when all inputs are known; null when the op cannot (or need not) be folded.</summary>
        public virtual TensorData[]? Fold(InferContext context) => null;

        /// <summary>Writes the C# statements that compute the node. Runs only on a graph that inferred cleanly.</summary>
        public abstract void Emit(EmitContext context);
    }
}
