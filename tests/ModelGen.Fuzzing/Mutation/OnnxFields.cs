namespace ModelGen.Fuzzing.Mutation
{
    /// <summary>The onnx.proto field numbers the mutators touch (src/ModelGen.Compiler/Reading/onnx.proto).</summary>
    internal static class OnnxFields
    {
        public const int ModelIrVersion = 1, ModelGraph = 7, ModelOpsetImport = 8;
        public const int OpsetDomain = 1, OpsetVersion = 2;
        public const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;
        public const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
        public const int AttrName = 1, AttrF = 2, AttrI = 3, AttrS = 4, AttrT = 5, AttrG = 6, AttrFloats = 7, AttrInts = 8, AttrType = 20;
        public const int AttrTypeFloat = 1, AttrTypeInt = 2, AttrTypeTensor = 4, AttrTypeGraph = 5, AttrTypeInts = 7;
        public const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorInt32Data = 5, TensorStringData = 6, TensorInt64Data = 7,
            TensorName = 8, TensorRawData = 9, TensorDoubleData = 10, TensorUint64Data = 11, TensorExternalData = 13, TensorDataLocation = 14;
        public const int EntryKey = 1, EntryValue = 2;
        public const int ValueInfoName = 1, ValueInfoType = 2;
        public const int TypeTensor = 1, TensorTypeElemType = 1, TensorTypeShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;
    }
}
