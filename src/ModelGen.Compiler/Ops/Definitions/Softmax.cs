using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Softmax. Revisions 1 and 11 coerce the input to 2-D at 'axis' (default 1) and normalise over everything
    /// from that axis on; revision 13 normalises along the single 'axis' (default -1). Spec: https://onnx.ai/onnx/operators/onnx__Softmax.html
    /// </summary>
    internal sealed class Softmax : SoftmaxFamilyOp
    {
        public Softmax() : base("Softmax", "softmax") { }

        public override string Summary => "revisions 1 and 11 normalise everything from 'axis' on (default 1); revision 13 normalises along 'axis' (default -1).";
    }
}
