/// A short ASCII word lower-cased and packed with its length into one integer, so that a word is looked up in a
/// small list of abbreviations by comparing integers rather than by making and hashing a `String`.
struct ShortWordKey: Equatable {
    let rawValue: UInt64

    /// Nil when the word is longer than seven scalars or not ASCII.
    init?(_ word: some Collection<Unicode.Scalar>) {
        guard word.count <= 7 else { return nil }
        var key = UInt64(word.count) << 56
        var shift: UInt64 = 0
        for scalar in word {
            guard scalar.value < 0x80 else { return nil }
            let byte = scalar >= "A" && scalar <= "Z" ? scalar.value + 32 : scalar.value
            key |= UInt64(byte) << shift
            shift += 8
        }
        rawValue = key
    }
}
