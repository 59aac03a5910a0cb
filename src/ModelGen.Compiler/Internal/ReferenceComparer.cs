using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ModelGen.Compiler
{
    /// <summary>Compares by identity: keys for records that are equal by value but distinct objects (two identical kernel calls).</summary>
    internal sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
    {
        public static readonly ReferenceComparer<T> Instance = new ReferenceComparer<T>();
        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);
        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
