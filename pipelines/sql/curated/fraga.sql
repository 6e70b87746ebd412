-- One row per question (likert and fritext) with what it measures; the text is the newest header.
with katalog as (select * from staging.stg_fragekatalog where typ <> 'meta'),
syften as (select * from syfte),
delstrategier as (select * from delstrategi),
per_fraga as (
    select fraga_id, any_value(typ) as typ, any_value(grupp) as grupp, any_value(kort_text) as kort_text,
           arg_max(kolumnrubrik, _rad) as fraga, any_value(syfte_nr) as syfte_nr, any_value(aspekt) as aspekt,
           any_value(delstrategi_nr) as delstrategi_nr, any_value(riktning) as riktning,
           min(_rad) as ordning
    from katalog
    group by fraga_id
),
final as (
    select p.fraga_id, p.typ, p.grupp, p.kort_text, p.fraga, p.syfte_nr, s.syfte, p.aspekt,
           p.delstrategi_nr, d.delstrategi, p.riktning, p.ordning
    from per_fraga p
    left join syften s using (syfte_nr)
    left join delstrategier d using (delstrategi_nr)
    order by p.ordning
)
select * from final
