using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Hardmax: 1 at the first maximum along the axis, 0 elsewhere (a NaN counts as the maximum, as numpy's
    /// argmax has it). Revisions 1 and 11 coerce the input to 2-D at 'axis' (default 1); revision 13 works along
    /// 'axis' (default -1). Spec: https://onnx.ai/onnx/operators/onnx__Hardmax.html
    /// </summary>
    internal sealed class Hardmax : SoftmaxFamilyOp
    {
        public Hardmax() : base("Hardmax", "hardmax") { }

        public override string Summary =>
            "1 at the first maximum, 0 elsewhere; revisions 1 and 11 over everything from 'axis' on (default 1), revision 13 along 'axis' (default -1).";
    }
}
