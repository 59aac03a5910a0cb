using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX LogSoftmax: log(softmax(x)), computed as x - max - log Σ exp(x - max) so large inputs do not overflow.
    /// Revisions 1 and 11 coerce the input to 2-D at 'axis' (default 1); revision 13 works along 'axis' (default -1).
    /// Spec: https://onnx.ai/onnx/operators/onnx__LogSoftmax.html
    /// </summary>
    internal sealed class LogSoftmax : SoftmaxFamilyOp
    {
        public LogSoftmax() : base("LogSoftmax", "logsoftmax") { }

        public override string Summary =>
            "x - max - log Σ exp(x - max); revisions 1 and 11 over everything from 'axis' on (default 1), revision 13 along 'axis' (default -1).";
    }
}
