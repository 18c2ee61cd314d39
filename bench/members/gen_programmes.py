#!/usr/bin/env python3
"""Households with people for the shipped programmes policy (policies/jining/programmes).

gen_programmes.py N SEED DIR   writes DIR/households.csv and DIR/people.csv (people in
household order, 1-5 a household): the issue-14 measure of that policy at 100,000 households.
"""
import datetime
import os
import random
import sys

DISTRICTS = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "济宁高新区", "太白湖新区",
             "泗水县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "梁山县", "济宁经济技术开发区"]
FIRST = datetime.date(1925, 1, 1).toordinal()
LAST = datetime.date(2020, 7, 31).toordinal()


def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "households.csv"), "w", encoding="utf-8") as h, \
         open(os.path.join(out, "people.csv"), "w", encoding="utf-8") as p:
        h.write("id,district,hukou,monthly_income,rigid_expenditure,registered_poor,dibao_before,"
                "income_rose_on,hardship,hardship_request,inpatient_cost,insurance_paid\n")
        p.write("household,birth_date,tekun,no_guardian,care,severe,own_income,study,study_year,orphan\n")
        for i in range(1, n + 1):
            hid = f"P{i:07d}"
            members = rng.randint(1, 5)
            income = rng.randint(0, 900 * members * 100)
            rose = datetime.date.fromordinal(rng.randint(datetime.date(2019, 6, 1).toordinal(),
                                                         datetime.date(2020, 7, 31).toordinal()))
            hardship = rng.choice(["no_hardship"] * 8 + ["emergency", "expenditure"])
            h.write(f"{hid},{rng.choice(DISTRICTS)},{rng.choice(['urban', 'rural'])},"
                    f"{income // 100}.{income % 100:02d},{rng.choice([0, 0, 0, rng.randint(0, 500)])},"
                    f"{rng.choice(['true', 'false', 'false'])},{rng.choice([0, 0, rng.randint(100, 900)])},"
                    f"{rose.isoformat()},{hardship},{rng.randint(0, 20000) if hardship != 'no_hardship' else 0},"
                    f"{rng.choice([0, 0, rng.randint(0, 30000)])},{rng.choice([0, rng.randint(0, 10000)])}\n")
            for _ in range(members):
                born = datetime.date.fromordinal(rng.randint(FIRST, LAST))
                tekun = rng.random() < 0.05
                study = rng.choice(["not_studying"] * 6 + ["undergraduate", "college"])
                p.write(f"{hid},{born.isoformat()},{'true' if tekun else 'false'},"
                        f"{'true' if rng.random() < 0.03 else 'false'},"
                        f"{rng.choice(['self', 'partial', 'full']) if tekun else 'none'},"
                        f"{'true' if rng.random() < 0.06 else 'false'},{rng.randint(0, 300)},"
                        f"{study},{rng.randint(1, 4) if study != 'not_studying' else 0},"
                        f"{'true' if rng.random() < 0.01 else 'false'}\n")


if __name__ == "__main__":
    main()
