using System.Collections.Generic;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Ops
{
    /// <summary>The table of supported operators: one entry per op.</summary>
    internal static class OpRegistry
    {
        private static readonly Dictionary<string, OpDefinition> s_ops = Build(
            // elementwise (scalar expressions)
            new Add(), new Sub(), new Mul(), new Div(),
            new Relu(), new Exp(), new Sqrt(), new Not(),
            new Greater(), new Less(), new Equal(), new Where(),
            new Neg(), new Abs(), new Log(), new Floor(), new Ceil(), new Tanh(), new Reciprocal(),
            new Sigmoid(), new HardSigmoid(), new HardSwish(), new LeakyRelu(), new Elu(), new Selu(), new Softplus(),
            new And(), new Or(), new Xor(), new LessOrEqual(), new GreaterOrEqual(),
            new Max(), new Min(), new Sum(), new Mean(),
            new Sin(), new Cos(), new Tan(), new Asin(), new Acos(), new Atan(), new Sinh(), new Cosh(), new Asinh(), new Acosh(), new Atanh(),
            new Erf(), new Round(), new Sign(), new Softsign(), new ThresholdedRelu(), new Mish(), new Shrink(), new PRelu(), new Pow(),
            new IsNaN(), new IsInf(), new Gelu(), new Clip(), new Celu(), new Swish(), new SwiGLU(),
            new BitwiseAnd(), new BitwiseOr(), new BitwiseXor(), new BitwiseNot(), new BitShift(), new Mod(),
            // linear algebra, convolution, normalisation
            new MatMul(), new Gemm(), new Conv(), new ConvTranspose(), new Col2Im(), new MaxPool(), new BatchNormalization(), new Softmax(), new LogSoftmax(), new Hardmax(),
            new AveragePool(), new LpPool(), new GlobalAveragePool(), new GlobalMaxPool(), new Resize(), new Upsample(), new GridSample(), new AffineGrid(),
            new LayerNormalization(), new RMSNormalization(), new InstanceNormalization(),
            new LpNormalization(), new MeanVarianceNormalization(), new GlobalLpPool(), new GroupNormalization(), new Det(), new Einsum(),
            new LRN(), new NonMaxSuppression(), new RoiAlign(), new MaxUnpool(), new DeformConv(),
            // signal processing
            new HannWindow(), new HammingWindow(), new BlackmanWindow(), new DFT(), new STFT(), new MelWeightMatrix(),
            // quantisation
            new QuantizeLinear(), new DequantizeLinear(), new DynamicQuantizeLinear(), new MatMulInteger(), new QLinearMatMul(), new ConvInteger(), new QLinearConv(),
            // transformer blocks
            new Attention(), new RotaryEmbedding(), new CausalConvWithState(), new LinearAttention(), new FlexAttention(),
            // recurrent
            new RNN(), new LSTM(), new GRU(),
            // reductions
            new ReduceSum(), new ReduceMean(), new ReduceMax(), new ReduceMin(), new ReduceProd(),
            new ReduceL1(), new ReduceL2(), new ReduceLogSum(), new ReduceLogSumExp(), new ReduceSumSquare(), new ArgMax(), new ArgMin(),
            new CumSum(), new CumProd(), new TopK(),
            // losses
            new NegativeLogLikelihoodLoss(), new SoftmaxCrossEntropyLoss(),
            // data movement and views
            new Reshape(), new Flatten(), new Unsqueeze(), new Squeeze(), new Transpose(), new Concat(), new Gather(), new Slice(), new Split(), new Tile(), new Trilu(), new DepthToSpace(), new SpaceToDepth(), new ReverseSequence(), new CenterCropPad(), new Pad(), new Expand(), new Identity(),
            new GatherElements(), new GatherND(), new ScatterElements(), new Scatter(), new ScatterND(), new TensorScatter(), new Compress(), new StringConcat(), new RegexFullMatch(), new StringNormalizer(), new StringSplit(), new LabelEncoder(), new Cast(), new CastLike(), new BitCast(), new Dropout(),
            // constants and shapes
            new Constant(), new ConstantOfShape(), new ShapeOp(), new Size(), new Range(), new NonZero(), new OneHot(), new EyeLike(), new Unique(),
            // sequences, rewritten into tensor nodes at build time (no sequence exists at run time)
            new SequenceEmpty(), new SequenceConstruct(), new SequenceInsert(), new SequenceErase(), new SequenceAt(), new SequenceLength(), new ConcatFromSequence(), new SplitToSequence(),
            // ai.onnx.preview.training: one optimizer step, and gradients differentiated at build time
            new Adagrad(), new Adam(), new Momentum(), new Gradient(),
            // ai.onnx.ml
            new Binarizer(), new ArrayFeatureExtractor(), new TreeEnsemble(),
            // control flow (bodies are nested graphs)
            new If(), new Loop(), new Scan(),
            // optionals (tensors and missing inputs only)
            new OptionalHasElement(), new OptionalGetElement(),
            // text
            new TfIdfVectorizer());

        /// <summary>All supported ops, ordered by domain then op type (README's table).</summary>
        public static IEnumerable<OpDefinition> All
        {
            get
            {
                var list = new List<OpDefinition>(s_ops.Values);
                list.Sort((a, b) => string.CompareOrdinal(a.Domain + ":" + a.OpType, b.Domain + ":" + b.OpType));
                return list;
            }
        }

        public static OpDefinition? Find(string domain, string opType) =>
            s_ops.TryGetValue(domain + ":" + opType, out var op) ? op : null;

        private static Dictionary<string, OpDefinition> Build(params OpDefinition[] ops)
        {
            var d = new Dictionary<string, OpDefinition>(System.StringComparer.Ordinal);
            foreach (var op in ops) d.Add(op.Domain + ":" + op.OpType, op);
            return d;
        }
    }
}
