/// A fixed map from short ASCII names to values, looked up by the name's bytes: no String is made per lookup, which
/// matters when every tag, attribute and character reference of a page is looked up.
struct ByteNameTable<Value: Sendable>: Sendable {
    /// All names' bytes end to end; name `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    private let values: [Value]
    /// Open addressing: 1 + index into `values`, 0 when empty.
    private let slots: [Int32]
    private let mask: Int
    let caseInsensitive: Bool

    init(_ entries: [(String, Value)], caseInsensitive: Bool) {
        var size = 64
        while size < entries.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        var allBytes: [UInt8] = []
        var starts: [Int32] = [0]
        var values: [Value] = []
        for (name, value) in entries {
            let bytes = Array(name.utf8).map { caseInsensitive ? Self.lowercased($0) : $0 }
            let hash = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress!, count: $0.count, caseInsensitive: false) }
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            allBytes += bytes
            starts.append(Int32(allBytes.count))
            values.append(value)
            slots[slot] = Int32(values.count)
        }
        self.bytes = allBytes
        self.starts = starts
        self.values = values
        self.slots = slots
        self.mask = size - 1
        self.caseInsensitive = caseInsensitive
    }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// FNV-1a over the (optionally lowercased) bytes; the tree builder also uses it to tell element names apart.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, count: Int, caseInsensitive: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in 0..<count {
            let byte = caseInsensitive ? lowercased(bytes[index]) : bytes[index]
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    func value(_ bytes: UnsafePointer<UInt8>, count: Int) -> Value? {
        value(bytes, count: count, hash: Self.hash(bytes, count: count, caseInsensitive: caseInsensitive))
    }

    /// Lookup with a hash already computed by `hash(_:count:caseInsensitive:)` with this table's case rule.
    func value(_ bytes: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Value? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let start = Int(starts[entry - 1])
            if Int(starts[entry]) - start == count && matches(at: start, bytes, count: count) { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    private func matches(at start: Int, _ candidate: UnsafePointer<UInt8>, count: Int) -> Bool {
        for index in 0..<count {
            let byte = caseInsensitive ? Self.lowercased(candidate[index]) : candidate[index]
            if self.bytes[start + index] != byte { return false }
        }
        return true
    }
}
