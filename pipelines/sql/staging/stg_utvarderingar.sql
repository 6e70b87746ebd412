-- Which export belongs to which utvärdering and its deadline (data/raw/utvarderingar.csv).
with source as (select * from raw.utvarderingar),
final as (
    select cast(utvardering as integer) as utvardering, fil, blad,
           cast(oppnade as date) as oppnade, cast(sista_svarsdag as date) as sista_svarsdag
    from source
)
select * from final
