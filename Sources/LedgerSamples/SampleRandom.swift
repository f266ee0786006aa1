/// A small deterministic generator (SplitMix64): the same seed gives the same samples on every machine.
struct SampleRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in the range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func chance(_ probability: Double) -> Bool { Double(next() % 10_000) < probability * 10_000 }

    /// A mainland mobile number.
    mutating func mobile() -> String {
        "1" + String(pick([3, 5, 7, 8, 9])) + String(int(0...9)) + Self.eightDigits(int(0...99_999_999))
    }

    /// A Chinese personal name.
    mutating func personName() -> String {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晶婷雪琳斌宇浩凯健俊帆帅旭宁龙林欣悦瑶怡佳思雨晨阳博文")
        var name = String(pick(surnames)) + String(pick(given))
        if chance(0.6) { name += String(pick(given)) }
        return name
    }
}

extension SampleRandom {
    /// Eight digits with leading zeros.
    static func eightDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
