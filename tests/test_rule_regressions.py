"""Behaviour of the bundled rule pack that other parts of Saring depend on (the browser tests,
the README), and traps that must stay quiet. Each rule's own examples are checked by
test_rule_examples.py; these are whole-pack checks across categories and strictness levels."""

from __future__ import annotations

import pytest

from helper.engine import Engine
from helper.rulepack import STRICTNESS_LEVELS


def _findings(engine: Engine, text: str, level: str) -> list[tuple[str, str, str]]:
    analysis = engine.analyze(text)
    return [
        (h.rule.category or "", h.rule.clause, text[h.start:h.end])
        for h in analysis.select(level)  # type: ignore[arg-type]
        if h.rule.kind == "finding" and h.rule.severity != "info"
    ]


@pytest.mark.parametrize("level", STRICTNESS_LEVELS)
def test_vaccine_autism_claim(engine: Engine, level: str) -> None:
    found = _findings(engine, "Vaksin bikin autis, jangan mau divaksin!", level)
    assert found == [("health_hoax", "L5", "Vaksin bikin autis")]


@pytest.mark.parametrize("level", STRICTNESS_LEVELS)
def test_disguised_profanity(engine: Engine, level: str) -> None:
    assert _findings(engine, "Dasar b4ngs4t lo", level) == [("unbecoming_conduct", "L3", "b4ngs4t")]


@pytest.mark.parametrize("level", ["standard", "strict"])
def test_overlapping_rules_of_one_category_make_one_finding(engine: Engine, level: str) -> None:
    # slander.assertion ("pasti korupsi") and slander.accusation ("korupsi") both hit
    found = _findings(engine, "Kadis kita pasti korupsi dana BOK", level)
    assert found == [("slander", "L1", "pasti korupsi")]


def test_hearsay_is_strict_only(engine: Engine) -> None:
    text = "Katanya besok semua puskesmas tutup"
    assert _findings(engine, text, "relaxed") == []
    assert _findings(engine, text, "standard") == []
    assert _findings(engine, text, "strict") == [("unverified_source", "K5", "Katanya")]
    # and no second finding of any severity at strict
    assert len([h for h in engine.analyze(text).select("strict") if h.rule.kind == "finding"]) == 1


@pytest.mark.parametrize("level", STRICTNESS_LEVELS)
def test_programme_promotion_is_clean(engine: Engine, level: str) -> None:
    analysis = engine.analyze("Ayo vaksin di puskesmas terdekat, gratis!")
    assert [h for h in analysis.select(level) if h.rule.kind == "finding"] == []  # type: ignore[arg-type]


TRAPS = [
    "Kenali gejala cacar monyet (mpox) dan segera periksa ke puskesmas.",
    "Throwback 2009 waktu flu babi (H1N1) jadi pandemi: cuci tangan dan etika batuk.",
    "Digigit anjing? Cuci luka 15 menit lalu ke puskesmas untuk vaksin anti rabies.",
    "Pameran kesehatan di alun-alun ramai banget! Ada cek gula darah gratis.",
    "Jumat bersih! Yuk bunuh jentik nyamuk di rumah masing-masing.",
    "Rahasia hidup sehat ala nenek: jalan kaki tiap pagi dan tidur cepat.",
    "Kampanye imunisasi polio dimulai Senin depan untuk anak 0-7 tahun.",
    "Oktober bulan peduli kanker payudara, yuk SADARI tiap bulan.",
    "Kelas kesehatan reproduksi remaja: kenali pubertas dan menstruasi.",
    "Jihad kita hari ini adalah jihad melawan stunting.",
    "Diabetes itu bom waktu, cek gula darah rutin.",
    "Kenali tanda serangan jantung dan telepon 119.",
    "Virus HIV menyerang sistem kekebalan tubuh; ARV membuat ODHIV tetap sehat.",
    "HOAKS: vaksin bikin autis. Faktanya, penelitian besar tidak menemukan hubungan. #LawanHoaks",
    "Mitos vs Fakta: pakai masker bikin keracunan CO2? Tidak, CO2 tetap bisa keluar.",
    "Untuk petugas KPPS: jaga kesehatan, tidur cukup, minum air putih.",
    "Selamat Hari Raya Idul Fitri, mohon maaf lahir dan batin.",
    "Kerja sama dengan GKI Pasundan, besok imunisasi kejar di aula gereja.",
    "Punya keluhan soal layanan JKN? Sampaikan lewat Care Center 165 atau SP4N-LAPOR!.",
    "Mohon maaf atas ketidaknyamanannya, Bu. Kami buka pendaftaran online lewat WhatsApp resmi.",
    "Simpan nomor penting: 119 gawat darurat, Halo Kemenkes 1500-567.",
    "TBC bisa sembuh total asal obat diminum teratur selama 6 bulan.",
    "Cek kesehatan gratis itu beneran 100% gratis, tanpa biaya apa pun.",
    "Tips mudik buat anak yang gampang mabuk perjalanan: duduk di depan.",
    "Kecanduan judi online itu nyata; layanan kesehatan jiwa di puskesmas siap mendampingi.",
    "Slot vaksinasi influenza minggu ini masih tersedia 40.",
    "Makasih tim bangsal anak yang kasih pelayanan first class buat pasien kanker.",
    "Atap ruang tunggu pustu bocor lagi, sudah kami laporkan lewat aplikasi aset.",
    "Tes HIV di puskesmas dijamin kerahasiaannya.",
    "Minta masukan dong, ini draft poster cuci tangan buat SD binaan.",
    "Kelelawar kecil alias kampret adalah salah satu reservoir virus.",
    "Bisa jadi kutu busuk (orang tua kita dulu menyebutnya \"bangsat\"). Jemur kasur.",
    "Apa kabarnya teman-teman nakes di NTT? Semoga sehat selalu.",
    "Katanya bakso di depan puskesmas enak banget, nanti pulang dinas mau coba.",
    # round 2: animal words in food and farming senses
    "Hari raya nanti jangan kebanyakan babi guling dan lawar, jaga kolesterol ya.",
    "Anjing yang sakit atau mati mendadak jangan dipotong untuk dimakan, risiko rabies.",
    # "Sultan" in place names, ironic "luxury"
    "Posko kesehatan Bandara Sultan Hasanuddin buka 24 jam selama musim haji.",
    "Luxury versi perawat IGD: bisa makan siang sambil duduk dan tidur 6 jam.",
    # warnings against fraud and good advice phrased with "jangan"
    "Waspada oknum yang mengaku orang dalam dan menjanjikan kelulusan CPNS. Seleksi resmi gratis.",
    "Jangan berhenti minum obat darah tinggi tanpa bicara dengan dokter, meski tensi sudah normal.",
    "Ayo datang ke TPS, jangan golput! Bawa air minum sendiri ya.",
    # neutral service news
    "Mulai bulan ini puskesmas kami memilah sampah infeksius dan sampah domestik.",
    "Workshop penanganan gizi buruk untuk petugas puskesmas se-kabupaten minggu depan.",
    "Ada yang bilang susu formula lebih bagus dari ASI. Tidak benar, ASI tetap terbaik.",
    # round 3: matches and drills, official reposts, campaigns, denied complaints, debunks
    "Futsal antar puskesmas: tim kita BANTAI Puskesmas Talang Ratu 7-1 😂🔥 Minggu depan semifinal!",
    "Simulasi penanganan korban kebakaran massal di RSUD pagi ini. Triase berjalan 14 menit.",
    "Repost dari @dinkessumbar: jadwal BIAS kelas 1 SD. Simpan dan bagikan ke grup orang tua ya 📌",
    "Ayo viralkan gerakan cuci tangan pakai sabun! Tag akun puskesmas, ada hadiah buku cerita.",
    "Angka TBC tinggi bukan karena petugasnya buruk, tapi karena pencarian kasus makin aktif.",
    "Notulen resmi rapat koordinasi akan dibagikan lewat surat dinas setelah ditandatangani.",
    "Minum obat filariasis di depan petugas ya, dan jangan minum saat perut kosong.",
    "Naik kapal feri 12 jam ke Simeulue, tidur di dek. Not luxury, but the sunrise was priceless.",
    "Cuci darah tidak bikin ketagihan. Menunda cuci darah karena takut justru membahayakan.",
    "Anak kejang demam? Jangan masukkan sendok ke mulutnya, miringkan badannya.",
    "Pastikan info kesehatan dari sumber terpercaya seperti Kemenkes sebelum membagikannya.",
    "Ambulans puskesmas siaga 24 jam untuk rujukan ibu hamil.",
    "Selamat mudik, semoga selamat pulang ke kampung halaman.",
    # Round 6: innocent senses of what rounds 5 and 6 taught the rules.
    "Pesan berantai 'minum air rebusan sereh bikin kebal covid, sebarkan!' itu tidak benar. Vaksin dan "
    "cuci tangan tetap perlindungan terbaik.",
    "Ada yang forward 'obat darah tinggi bikin ginjal rusak'. Jangan berhenti minum obat, konsultasikan "
    "dengan dokter ya.",
    "Tim UKS akan sidak jajanan di kantin sekolah minggu depan, orang tua tidak perlu khawatir.",
    "Hari ini kami latihan pasang infus sebelum jam 8 pagi bersama perawat senior.",
    "Posyandu Melati buka lagi! Datang ramai-ramai ya bersama balita.",
    "Kalau ada luka bakar, jangan dioles kecap atau odol, cukup aliri air mengalir 20 menit.",
    "Ayo pilih makanan bergizi seimbang, isi piringku setengah sayur dan buah.",
    "Demam berdarah bisa parah kalau terlambat ditangani, segera ke puskesmas bila demam 2 hari.",
    "Pasien anak dengan gizi buruk kami dampingi bersama ahli gizi, semoga cepat pulih.",
    "Tanpa tes darah, kadar hemoglobin bisa dicek cepat dengan alat di posyandu, gratis.",
    "Kader kami keren parah, 40 balita ditimbang dalam 2 jam!",
    "Jangan kirim foto hasil lab pasien ke grup WA, ya. Privasi pasien nomor satu.",
    "Rapat koordinasi lintas sektor hari ini membahas percepatan imunisasi, hasilnya sudah dirilis di situs dinkes.",
    "Vote for healthy habits: drink water, sleep well, move every day.",
    "Our ward's volunteer team for World Health Day is ready, join us at the town square!",
    "Masyarakat yang belum vaksin, yuk datang. Yang nolak biasanya karena belum dapat informasi lengkap.",
    "Screenshot dashboard capaian BIAN dari situs resmi Kemenkes, alhamdulillah provinsi kita hijau.",
    "Tetangga beda agama saling bantu saat banjir, indahnya toleransi di kampung kami.",
    "Orang dalam rumah yang kontak erat dengan pasien TBC wajib periksa dan minum obat pencegahan.",
    "Apoteker kami siap menjelaskan cara minum obat, jangan ragu bertanya di loket farmasi.",
    "Petugas kesehatan pelabuhan memeriksa awak kapal dari luar negeri, prosedur rutin karantina.",
    "Susah hamil? Konsultasikan ke dokter kandungan, bukan ke dukun atau iklan obat kuat.",
    "Tetap minum ARV setiap hari ya, virus tidak terdeteksi berarti tidak menular, tapi obat jangan berhenti.",
    "Lanjutkan imunisasi kejar untuk anak yang tertinggal jadwal, gratis di puskesmas.",
    "Dua periode kepemimpinan kepala puskesmas kami penuh prestasi, terima kasih atas pengabdiannya.",
    "Kita lawan stunting bareng-bareng, mulai dari 1000 hari pertama kehidupan!",
    "Sebarkan info baik ini: pemeriksaan kesehatan gratis untuk lansia setiap Kamis di posyandu.",
    "Hati-hati penipuan mengatasnamakan dinkes yang menawarkan sertifikat tanpa ujian, laporkan ke kami.",
    "Bu bidan bilang jangan dikasih madu untuk bayi di bawah 1 tahun, risiko botulisme.",
    "Jangan dikasih obat sembarangan, bawa anak ke puskesmas kalau diare lebih dari sehari.",
]


ROUND3_FLAGS = [
    ("Kecek urang di kantor, uang lembur nakes RSUD bulan ko ndak cair.", "unverified_source"),
    ("Ujar urang di pasar, ada kasus rabies di Martapura, anjing2 liar pada diburu.", "unverified_source"),
    ("Woi kawan2, hati2 kali lah, ada permen narkoba. Udah 12 anak masuk RS bah. Terusin ke grup sekolah!",
     "hoax"),
    ("Dunsanak, hati2 beli talua di pasa. Sebarkan ka grup keluarga!", "hoax"),
    ("Alat USG puskesmas nganggur kalo weekend, jadi aku bawa pulang buat praktik mandiri 😁",
     "misuse_of_office"),
    ("Berkat jabatan saya di dinkes, katering istri saya pegang semua snack rapat.", "misuse_of_office"),
    ("P u s k e s m a s dekat rumah tutup jam 12 siang, padahal jadwalnya sampai jam 2.",
     "public_complaint"),
    ("Garam beryodium itu bikin gondok gan, ane masak pake garam krosok aja.", "health_hoax"),
    ("Kalo dokternya Kristen mending ganti ke dokter yg seiman aja deh bun.", "sara"),
    ("Klinik yg nolak pasien alamatnya udah aku share di story. Kalian tau harus ngapain 😡", "provocation"),
]


@pytest.mark.parametrize(("text", "category"), ROUND3_FLAGS)
def test_round3_families_flag_at_standard(engine: Engine, text: str, category: str) -> None:
    assert category in {c for c, _, _ in _findings(engine, text, "standard")}


@pytest.mark.parametrize("text", TRAPS)
def test_traps_are_quiet_at_standard(engine: Engine, text: str) -> None:
    assert _findings(engine, text, "standard") == []
