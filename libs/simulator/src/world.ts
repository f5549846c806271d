import { type Random } from './random';

/** Who the simulated province is made of: agencies with their officials, procedures and citizens. */
export interface Agency {
  code: string;
  name: string;
  /** The organ that issues its decisions, as on the document. */
  organName: string;
  /** Notation suffix of its documents: `QĐ-UBND`, `QĐ-STP`. */
  issuer: string;
  receivers: Official[];
  clerks: Array<Official & { unit: string }>;
  signers: Array<{ position: string; fullName: string }>;
}

export interface Official {
  officialId: string;
  fullName: string;
}

export interface Procedure {
  code: string;
  name: string;
  sector: string;
  /** Working days the law gives it: the appointment date. */
  days: number;
  components: string[];
}

export interface Citizen {
  fullName: string;
  /** Synthetic CCCD: province 048 (Đà Nẵng), century-and-sex digit, birth year, six random digits. */
  idNumber: string;
  phone: string;
  address: string;
}

const WARDS = [
  'Hải Châu',
  'Thanh Khê',
  'Sơn Trà',
  'Ngũ Hành Sơn',
  'Liên Chiểu',
  'Cẩm Lệ',
  'Hòa Khánh',
  'An Hải',
  'Hòa Cường',
  'Thạc Gián',
  'Mỹ An',
  'Hòa Xuân',
];
const DEPARTMENTS = [
  ['Sở Tư pháp', 'STP'],
  ['Sở Xây dựng', 'SXD'],
  ['Sở Công Thương', 'SCT'],
] as const;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Thị', 'Văn', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Quang', 'Hữu', 'Thanh', 'Bảo', 'Gia'];
const GIVEN = [
  'Anh',
  'Bình',
  'Châu',
  'Dũng',
  'Hà',
  'Hưng',
  'Lan',
  'Nam',
  'Phúc',
  'Trang',
  'Vy',
  'Khoa',
  'Thảo',
  'Quỳnh',
  'Tuấn',
  'Yến',
  'Hiếu',
  'Nhung',
];
const STREETS = ['Lê Duẩn', 'Trần Phú', 'Nguyễn Văn Linh', 'Hùng Vương', 'Bạch Đằng', 'Điện Biên Phủ'];

/** Procedure codes in the national format; the first four are in the sample file plan, the rest fall to its default. */
export const PROCEDURES: readonly Procedure[] = [
  {
    code: '1.004194',
    name: 'Đăng ký khai sinh',
    sector: 'Hộ tịch',
    days: 1,
    components: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'],
  },
  {
    code: '1.001193',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    sector: 'Xây dựng',
    days: 15,
    components: ['Đơn đề nghị cấp giấy phép xây dựng', 'Bản vẽ thiết kế', 'Giấy tờ về quyền sử dụng đất'],
  },
  {
    code: '1.005129',
    name: 'Chứng thực bản sao từ bản chính',
    sector: 'Chứng thực',
    days: 1,
    components: ['Bản chính giấy tờ'],
  },
  {
    code: '2.000794',
    name: 'Đăng ký thành lập hộ kinh doanh',
    sector: 'Thành lập và hoạt động của hộ kinh doanh',
    days: 3,
    components: ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao giấy tờ pháp lý của cá nhân'],
  },
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    sector: 'Hộ tịch',
    days: 1,
    components: ['Tờ khai đăng ký kết hôn'],
  },
  {
    code: '2.001711',
    name: 'Cấp giấy phép bán lẻ sản phẩm rượu',
    sector: 'Lưu thông hàng hóa trong nước',
    days: 10,
    components: ['Đơn đề nghị cấp giấy phép', 'Bản sao giấy chứng nhận đăng ký hộ kinh doanh'],
  },
];

const POSITIONS = ['Chủ tịch', 'Phó Chủ tịch'];

export function personName(random: Random): string {
  return `${random.pick(FAMILY)} ${random.pick(MIDDLE)} ${random.pick(GIVEN)}`;
}

/** `count` agencies: wards of Đà Nẵng first (`000.00.1x.H17`), then departments (`000.00.3x.H17`). */
export function agencies(random: Random, count: number): Agency[] {
  return Array.from({ length: count }, (_, i) => {
    const ward = i < WARDS.length;
    const department = DEPARTMENTS[(i - WARDS.length) % DEPARTMENTS.length]!;
    const code = ward
      ? `000.00.${String(10 + i).padStart(2, '0')}.H17`
      : `000.00.${String(30 + i - WARDS.length).padStart(2, '0')}.H17`;
    const name = ward ? `UBND phường ${WARDS[i]}` : department[0];
    const official = (n: number): Official => ({
      officialId: `CB-${String(i + 1).padStart(2, '0')}${String(n).padStart(3, '0')}`,
      fullName: personName(random),
    });
    return {
      code,
      name,
      organName: ward ? `Ủy ban nhân dân phường ${WARDS[i]}` : department[0],
      issuer: ward ? 'UBND' : department[1],
      receivers: [official(1), official(2)],
      clerks: [
        { ...official(3), unit: ward ? 'Văn phòng HĐND và UBND' : 'Văn phòng Sở' },
        { ...official(4), unit: ward ? 'Phòng Văn hóa - Xã hội' : 'Phòng Hành chính' },
        { ...official(5), unit: ward ? 'Phòng Kinh tế' : 'Phòng Nghiệp vụ' },
      ],
      signers: POSITIONS.map((position) => ({ position, fullName: personName(random) })),
    };
  });
}

export function citizen(random: Random): Citizen {
  const born = random.int(1950, 2005);
  return {
    fullName: personName(random),
    idNumber: `048${born < 2000 ? random.int(0, 1) : random.int(2, 3)}${String(born % 100).padStart(2, '0')}${random.digits(6)}`,
    phone: `09${random.digits(8)}`,
    address: `${random.int(1, 300)} ${random.pick(STREETS)}, Đà Nẵng`,
  };
}
